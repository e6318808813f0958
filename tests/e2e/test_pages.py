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


def test_a_guardian_on_a_phone_opens_the_mail_link_logs_in_and_signs(browser, running_system):
    from tests.support.api import consent_request
    from tests.support.infra import load_demo

    demo = load_demo()
    status, consent = running_system.request(
        "POST", "/api/v1/consents", consent_request(demo), running_system.token("holder")
    )
    assert status == 201
    browser.delete_all_cookies()
    browser.get(running_system.url + f"/consents/{consent['id']}?lang=nb")
    browser.execute_script("sessionStorage.clear()")
    browser.refresh()
    WebDriverWait(browser, 10).until(ready.element_to_be_clickable((By.ID, "login"))).click()
    gro = next(
        b for b in browser.find_elements(By.CSS_SELECTOR, "button") if "Gro Foresatt" in b.text
    )
    gro.click()
    sign = WebDriverWait(browser, 10).until(ready.element_to_be_clickable((By.ID, "sign")))
    assert (
        "Samtykke til stafettlogg for Ola Nordmann" in browser.find_element(By.TAG_NAME, "h1").text
    )
    assert browser.find_element(By.ID, "status").text == "Venter på signatur"
    sign.click()
    WebDriverWait(browser, 10).until(
        lambda d: "Gro Foresatt (deg) – ✓ har signert" in d.find_element(By.ID, "app").text
    )
    assert not browser.find_elements(By.ID, "sign")  # one action, once

    # The other guardian signs on their own device; the page then shows the consent valid.
    running_system.request(
        "POST",
        f"/api/v1/consents/{consent['id']}/signature",
        None,
        running_system.token("guardian2"),
    )
    browser.refresh()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "status").text == "Gyldig")
    browser.save_screenshot(str(running_system.data_dir / "consent-page.png"))
