"""The pages a person sees, in real headless Chromium (Debian's chromium and chromedriver)."""

import shutil
import tempfile

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=390,844",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(
        options=options,
        service=Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver"),
    )
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_dev_login_on_a_phone_gives_a_token_the_gateway_accepts(browser, running_system):
    browser.get(running_system.url + "/")
    assert browser.current_url.endswith("/dev-idp/login")
    assert "ikke ID-porten" in browser.find_element(By.CLASS_NAME, "warning").text
    buttons = browser.find_elements(By.CSS_SELECTOR, "button")
    holder = next(b for b in buttons if "Hanne Holder" in b.text)
    holder.click()
    token = (
        WebDriverWait(browser, 10)
        .until(ready.presence_of_element_located((By.ID, "token")))
        .get_attribute("value")
        .strip()
    )
    assert token.count(".") == 2
    status, me = running_system.request("GET", "/api/v1/me", token=token)
    assert status == 200
    assert me["staff"]["name"] == "Hanne Holder" and me["staff"]["can_hold"] is True


def test_api_docs_page_lists_the_operations(browser, running_system):
    browser.get(running_system.url + "/api/v1/docs")
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".op")) >= 4)
    text = browser.find_element(By.ID, "ops").text
    assert "/api/v1/logs" in text and "/api/v1/consents" in text
    assert "CreateLog" in text
