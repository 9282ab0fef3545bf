// The officers' pages: what a form cannot do under the CSP (form-action 'none').
// Sign-in and sign-out are JSON requests to this host; a custom period is a link.
"use strict";

function errorText(body) {
  const pieces = (body && body.error) || [];
  return pieces.map((piece) => piece.t).join("");
}

function signIn(form) {
  const out = document.getElementById("signin-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    out.textContent = "";
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch("/officer/signin", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code: form.elements.code.value }),
      });
      if (response.ok) {
        window.location.assign("/officer/");
        return;
      }
      out.textContent = errorText(await response.json().catch(() => ({})));
    } catch (failure) {
      out.textContent = String(failure);
    } finally {
      button.disabled = false;
    }
  });
}

function signOut(button) {
  const meta = document.querySelector('meta[name="csrf-token"]');
  button.addEventListener("click", async () => {
    await fetch("/officer/signout", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": meta ? meta.content : "" },
      body: "{}",
    });
    window.location.assign("/officer/");
  });
}

function customPeriod(form) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams({ from: form.elements.from.value, to: form.elements.to.value });
    window.location.assign(window.location.pathname + "?" + query.toString());
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("signin");
  if (form) signIn(form);
  const out = document.getElementById("signout");
  if (out) signOut(out);
  const period = document.getElementById("custom-period");
  if (period) customPeriod(period);
});
