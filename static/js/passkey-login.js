// Sign in with a passkey: shows the button (hidden without JavaScript) and hands it to allauth's WebAuthn script.
// A file rather than allauth's inline JSON, so the sign-in page keeps a script-src of 'self' with no inline block.
document.addEventListener('DOMContentLoaded', function () {
  var button = document.getElementById('passkey_login');
  if (!button || !window.allauth || !window.PublicKeyCredential) {
    return;
  }
  button.closest('[hidden]') && button.closest('[hidden]').removeAttribute('hidden');
  window.allauth.webauthn.forms.loginForm({ ids: { login: 'passkey_login', credential: 'mfa_credential' } });
});
