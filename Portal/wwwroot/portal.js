// Small browser helpers for the portal. Kept global and tiny: the app is server-rendered.
window.portal = {
  setTheme: function (dark) {
    document.cookie = "portal-theme=" + (dark ? "dark" : "light") + "; path=/; max-age=31536000; samesite=lax";
  },
  submitForm: function (id) {
    document.getElementById(id).submit();
  },
  copyText: function (text) {
    return navigator.clipboard.writeText(text);
  }
};
