// The consent and log pages: the same API every client uses, with the person's own token.
(function () {
  'use strict';
  var T = {
    nb: {
      loading: 'Laster …', login: 'Logg inn', loginMissing: 'Innlogging med ID-porten er ikke satt opp her ennå.',
      consentTitle: 'Samtykke til stafettlogg for ', logTitle: 'Stafettlogg for ',
      status: { pending: 'Venter på signatur', active: 'Gyldig', expired: 'Utløpt', withdrawn: 'Trukket tilbake', superseded: 'Erstattet av nytt samtykke', passive: 'Passiv' },
      purposes: { log: 'Lage og føre stafettloggen', share_actors: 'Dele opplysninger med disse tjenestene', transfer_unit: 'Overføre loggen til en annen enhet', transfer_municipality: 'Overføre loggen til en annen kommune', read_grant: 'Gi lesetilgang til navngitte personer' },
      what: 'Samtykket gjelder', who: 'Hvem samtykker', you: '(deg)', signed: 'har signert', notSigned: 'har ikke signert',
      validUntil: 'Gyldig til', sign: 'Jeg samtykker – signer', form: 'Skjema til utskrift (PDF)',
      withdraw: 'Trekk samtykket tilbake', confirmWithdraw: 'Vil du trekke hele samtykket tilbake? Loggen blir da passiv.',
      holder: 'Stafettholder', guardians: 'Foresatte', lacks: 'Samtykket er ikke gyldig. Loggen kan bare leses til familien har gitt nytt samtykke.',
      withdrawnAnyTime: 'Du kan trekke samtykket tilbake når som helst.', error: 'Noe gikk galt: '
    },
    nn: {
      loading: 'Lastar …', login: 'Logg inn', loginMissing: 'Innlogging med ID-porten er ikkje sett opp her enno.',
      consentTitle: 'Samtykke til stafettlogg for ', logTitle: 'Stafettlogg for ',
      status: { pending: 'Ventar på signatur', active: 'Gyldig', expired: 'Gått ut', withdrawn: 'Trekt tilbake', superseded: 'Erstatta av nytt samtykke', passive: 'Passiv' },
      purposes: { log: 'Lage og føre stafettloggen', share_actors: 'Dele opplysningar med desse tenestene', transfer_unit: 'Overføre loggen til ei anna eining', transfer_municipality: 'Overføre loggen til ein annan kommune', read_grant: 'Gje lesetilgang til namngjevne personar' },
      what: 'Samtykket gjeld', who: 'Kven samtykkjer', you: '(deg)', signed: 'har signert', notSigned: 'har ikkje signert',
      validUntil: 'Gyldig til', sign: 'Eg samtykkjer – signer', form: 'Skjema til utskrift (PDF)',
      withdraw: 'Trekk samtykket tilbake', confirmWithdraw: 'Vil du trekkje heile samtykket tilbake? Loggen blir då passiv.',
      holder: 'Stafetthaldar', guardians: 'Føresette', lacks: 'Samtykket er ikkje gyldig. Loggen kan berre lesast til familien har gjeve nytt samtykke.',
      withdrawnAnyTime: 'Du kan trekkje samtykket tilbake når som helst.', error: 'Noko gjekk gale: '
    },
    en: {
      loading: 'Loading …', login: 'Log in', loginMissing: 'Log-in with ID-porten is not set up here yet.',
      consentTitle: 'Consent to a relay log for ', logTitle: 'Relay log for ',
      status: { pending: 'Waiting for signatures', active: 'Valid', expired: 'Expired', withdrawn: 'Withdrawn', superseded: 'Replaced by a new consent', passive: 'Passive' },
      purposes: { log: 'Create and keep the relay log', share_actors: 'Share information with these services', transfer_unit: 'Transfer the log to another unit', transfer_municipality: 'Transfer the log to another municipality', read_grant: 'Give read access to named people' },
      what: 'The consent covers', who: 'Who consents', you: '(you)', signed: 'has signed', notSigned: 'has not signed',
      validUntil: 'Valid until', sign: 'I consent – sign', form: 'Form to print (PDF)',
      withdraw: 'Withdraw the consent', confirmWithdraw: 'Withdraw the whole consent? The log then becomes passive.',
      holder: 'Holder', guardians: 'Guardians', lacks: 'The consent is not valid. The log can only be read until the family gives a new consent.',
      withdrawnAnyTime: 'You can withdraw the consent at any time.', error: 'Something went wrong: '
    }
  };
  // The page speaks ?lang=, else the family's language for a consent, else the browser's; nb by default.
  var asked = new URLSearchParams(location.search).get('lang');
  var t;
  function speak(choices) {
    var lang = 'nb';
    for (var i = 0; i < choices.length; i++) {
      var code = (choices[i] || '').slice(0, 2).toLowerCase();
      if (code === 'no' || code === 'nb') { lang = 'nb'; break; }
      if (T[code]) { lang = code; break; }
    }
    t = T[lang];
    document.documentElement.lang = lang;
  }
  speak([asked, navigator.language]);
  var root = document.getElementById('app');
  var token = sessionStorage.getItem('stafett.token');

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function show(nodes) { root.textContent = ''; nodes.forEach(function (n) { if (n) root.appendChild(n); }); }
  function fail(message) { show([el('p', { class: 'error', role: 'alert', text: t.error + message })]); }

  function api(method, path) {
    return fetch(path, { method: method, headers: { Authorization: 'Bearer ' + token } })
      .then(function (r) {
        if (r.status === 401) { sessionStorage.removeItem('stafett.token'); token = null; login(); throw null; }
        if (!r.ok) return r.json().then(function (b) { throw new Error(b.error ? b.error.message : r.status); });
        return (r.headers.get('Content-Type') || '').indexOf('json') >= 0 ? r.json() : r.blob();
      });
  }
  function guard(promise) { promise.catch(function (e) { if (e) fail(e.message); }); }

  function login() {
    var target = root.dataset.login &&
      root.dataset.login + '?next=' + encodeURIComponent(location.pathname + location.search);
    show([el('h1', { text: 'Stafettlogg' }),
          target ? el('a', { class: 'button', href: target, id: 'login', text: t.login }) : el('p', { text: t.loginMissing })]);
  }

  function consentView(c) {
    speak([asked, c.language, navigator.language]);
    var me = c.parties.filter(function (p) { return p.you; })[0];
    var what = el('ul', {}, c.scope.purposes.map(function (p) {
      var targets = p === 'share_actors' ? c.scope.actors : [];
      return el('li', { text: t.purposes[p] + (targets.length ? ': ' + targets.join(', ') : '') });
    }));
    var who = el('ul', {}, c.parties.map(function (p) {
      return el('li', { text: p.name + ' ' + (p.you ? t.you + ' ' : '') + '– ' + (p.signed ? '✓ ' + t.signed : t.notSigned) });
    }));
    var until = c.expires_at || c.requested_expiry;
    var actions = [];
    if (c.status === 'pending' && me && !me.signed) {
      actions.push(el('button', { id: 'sign', text: t.sign }));
    }
    actions.push(el('button', { id: 'form', class: 'secondary', text: t.form }));
    if ((c.status === 'active' || c.status === 'pending') && me) {
      actions.push(el('button', { id: 'withdraw', class: 'secondary', text: t.withdraw }));
    }
    show([el('h1', { text: t.consentTitle + c.child_name }),
          el('p', {}, [el('span', { id: 'status', class: 'status ' + c.status, text: t.status[c.status] || c.status })]),
          el('div', { class: 'card' }, [el('h2', { text: t.what }), what]),
          el('div', { class: 'card' }, [el('h2', { text: t.who }), who]),
          until ? el('p', { text: t.validUntil + ': ' + until.slice(0, 10) }) : null,
          el('p', { text: t.withdrawnAnyTime })].concat(actions));
    var sign = document.getElementById('sign');
    if (sign) sign.onclick = function () { sign.disabled = true; guard(api('POST', '/api/v1/consents/' + c.id + '/signature').then(consentView)); };
    document.getElementById('form').onclick = function () {
      guard(api('GET', '/api/v1/consents/' + c.id + '/form.pdf?language=' + encodeURIComponent(c.language)).then(function (blob) {
        location.href = URL.createObjectURL(blob);
      }));
    };
    var withdraw = document.getElementById('withdraw');
    if (withdraw) withdraw.onclick = function () {
      if (confirm(t.confirmWithdraw)) guard(api('POST', '/api/v1/consents/' + c.id + '/withdrawal').then(consentView));
    };
  }

  function logView(log) {
    show([el('h1', { text: t.logTitle + log.child.name }),
          el('p', {}, [el('span', { id: 'status', class: 'status ' + log.status, text: t.status[log.status] || log.status })]),
          log.lacks_consent ? el('p', { class: 'notice', text: t.lacks }) : null,
          el('div', { class: 'card' }, [
            el('p', { text: t.holder + ': ' + (log.holder.name || '') }),
            el('p', { text: t.guardians + ': ' + log.guardians.map(function (g) { return g.name; }).join(', ') })])]);
  }

  if (!token) { login(); return; }
  root.textContent = t.loading;
  var id = encodeURIComponent(root.dataset.id);
  if (root.dataset.kind === 'consent') guard(api('GET', '/api/v1/consents/' + id).then(consentView));
  else guard(api('GET', '/api/v1/logs/' + id).then(logView));
})();
