// The passkey pages: shows the controls that need WebAuthn (hidden without JavaScript or without a browser that
// supports it), and says what went wrong when the browser refuses, where allauth's script only logs it.
// Served from static so the pages keep a script-src of 'self'; allauth's own scripts wire up the buttons.
(function () {
  var MESSAGES = {
    NotAllowedError: 'Your browser did not use a passkey: it was cancelled, or took too long. Try again.',
    InvalidStateError: 'This passkey is already on your account.',
    SecurityError: 'Your browser would not use a passkey on this address.',
    NotSupportedError: 'This browser or device cannot make that kind of passkey.'
  };
  var FALLBACK = 'Your browser could not use a passkey. Try again, or use an authenticator app instead.';

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.PublicKeyCredential) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll('[data-needs-webauthn]'), function (element) {
      element.removeAttribute('hidden');
    });
  });

  document.addEventListener('allauth.error', function (event) {
    var box = document.getElementById('passkey-error');
    if (!box) {
      return;
    }
    var exception = event.detail && event.detail.exception;
    box.textContent = (exception && MESSAGES[exception.name]) || FALLBACK;
    box.removeAttribute('hidden');
    box.focus();
  });
})();
