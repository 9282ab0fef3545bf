// The web chat page. Talks JSON to bot/channels/web.py; never puts server
// text into innerHTML: replies arrive as plain and bold pieces and become
// text nodes, so a name or a typed word can never turn into markup.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const say = document.body.dataset;
  const INBOX_EVERY = 20000; // ms between looks at the inbox while the page is open

  let csrf = null;
  let inboxTimer = null;
  let busy = false;

  // ---------------------------------------------------------------- talking to the server

  async function call(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (csrf) headers["X-CSRF-Token"] = csrf;
    let response;
    try {
      response = await fetch(path, {
        method, headers, credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      return { status: 0, data: { error: [{ t: say.offline, b: false }] } };
    }
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    return { status: response.status, data };
  }

  // ---------------------------------------------------------------- drawing

  function fill(element, pieces) {
    element.textContent = "";
    for (const piece of pieces || []) {
      let node = document.createTextNode(piece.t);
      if (typeof piece.tel === "string" && /^\+\d{6,15}$/.test(piece.tel)) {
        node = telLink(piece);
      }
      if (piece.b) {
        const bold = document.createElement("b");
        bold.appendChild(node);
        node = bold;
      }
      element.appendChild(node);
    }
  }

  // A phone number: tap to call. Its groups never wrap apart ("0971 706 690").
  function telLink(piece) {
    const a = document.createElement("a");
    a.className = "tel";
    a.href = "tel:" + piece.tel;
    a.textContent = piece.t.replace(/ /g, "\u00a0");
    return a;
  }

  // A reply's picture (a chart), under its text; only this session can fetch it.
  function picture(message, image) {
    if (!image || typeof image.url !== "string" || !image.url.startsWith("/api/image/")) return;
    const img = document.createElement("img");
    img.className = "chart";
    img.alt = typeof image.alt === "string" ? image.alt : "";
    img.width = 720; // the chart's own size: the space is kept before it arrives
    img.height = 540;
    img.style.maxWidth = "100%";
    img.style.height = "auto";
    img.style.display = "block";
    img.src = image.url;
    message.appendChild(img);
  }

  function plain(text) { return [{ t: text, b: false }]; }

  function scrollDown() {
    const log = $("log");
    log.scrollTop = log.scrollHeight;
    window.scrollTo(0, document.body.scrollHeight);
  }

  function bubble(kind, pieces) {
    const message = document.createElement("div");
    message.className = "msg " + kind;
    const text = document.createElement("div");
    text.className = "text";
    fill(text, pieces);
    message.appendChild(text);
    $("log").appendChild(message);
    return message;
  }

  function button(spec, onTap) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "big";
    b.textContent = spec.label;
    b.addEventListener("click", () => onTap(spec, b));
    return b;
  }

  function choicesInto(message, rows) {
    const old = message.querySelector(".choices");
    if (old) old.remove();
    if (!rows || !rows.length) return;
    const box = document.createElement("div");
    box.className = "choices";
    for (const row of rows) {
      const line = document.createElement("div");
      line.className = "row";
      for (const spec of row) line.appendChild(button(spec, (s) => tap(s, message)));
      box.appendChild(line);
    }
    message.appendChild(box);
  }

  function keyboard(rows) {
    const box = $("keyboard");
    box.textContent = "";
    for (const row of rows || []) {
      const line = document.createElement("div");
      line.className = "row";
      for (const spec of row) line.appendChild(button(spec, (s) => tap(s, null)));
      box.appendChild(line);
    }
  }

  function show(replies, tapped) {
    for (const reply of replies || []) {
      let message;
      if (reply.edit && tapped && tapped.isConnected) {
        message = tapped; // redraw the message whose button was tapped (a checklist)
        fill(message.querySelector(".text"), reply.text);
      } else {
        message = bubble("bot", reply.text);
        picture(message, reply.image);
      }
      choicesInto(message, reply.choices);
      if (reply.keyboard && reply.keyboard.length) keyboard(reply.keyboard);
      else if (reply.remove_keyboard) keyboard([]);
    }
    scrollDown();
  }

  function hint(pieces) {
    const h = $("hint");
    if (pieces && pieces.length) { fill(h, pieces); h.hidden = false; } else { h.hidden = true; }
  }

  function screen(name) {
    $("signin").hidden = name !== "signin";
    $("chat").hidden = name !== "chat";
    $("signout").hidden = name !== "chat";
    if (name === "signin") setTimeout(() => $("code").focus(), 0);
  }

  // ---------------------------------------------------------------- the conversation

  async function turn(payload, echo, tapped) {
    if (busy) return; // a double tap sends once
    busy = true;
    try {
      if (echo) bubble("me", plain(echo));
      const { status, data } = await call("POST", "/api/turn", payload);
      if (status === 401) return signedOut(say.sessionGone);
      if (status !== 200) {
        bubble("bot error", data.error || plain(say.badRequest));
        scrollDown();
        return;
      }
      show(data.replies, tapped);
      hint(data.hint);
      await inbox();
    } finally {
      busy = false;
    }
  }

  function tap(spec, message) {
    if (busy) return;
    if (message) {
      // Like Telegram taking the buttons away: a second tap cannot repeat the
      // choice (the server checks it again anyway).
      for (const b of message.querySelectorAll(".choices button")) b.disabled = true;
    }
    if (spec.choice) turn({ choice: spec.choice }, spec.label, message);
    else turn({ text: spec.label }, spec.label, null);
  }

  async function inbox() {
    if (!csrf) return;
    const { status, data } = await call("GET", "/api/messages");
    if (status === 401) return signedOut(say.sessionGone);
    if (status !== 200 || !data.messages || !data.messages.length) return;
    let last = 0;
    for (const m of data.messages) {
      bubble("bot inbox", m.text);
      last = Math.max(last, m.id);
    }
    scrollDown();
    await call("POST", "/api/messages/seen", { up_to: last });
  }

  function startInbox() {
    if (inboxTimer) clearInterval(inboxTimer);
    inboxTimer = setInterval(inbox, INBOX_EVERY);
  }

  async function signedIn(data) {
    csrf = data.csrf;
    $("log").textContent = "";
    screen("chat");
    if (data.replies) show(data.replies, null);
    else {
      const first = await call("POST", "/api/turn", { start: true });
      if (first.status === 200) { show(first.data.replies, null); hint(first.data.hint); }
    }
    startInbox();
    await inbox();
  }

  function signedOut(why) {
    csrf = null;
    if (inboxTimer) clearInterval(inboxTimer);
    inboxTimer = null;
    keyboard([]);
    hint(null);
    $("log").textContent = "";
    fill($("signin-message"), why ? plain(why) : []);
    screen("signin");
  }

  // ---------------------------------------------------------------- signing in and out

  async function signIn(path, body) {
    const message = $("signin-message");
    fill(message, plain(say.wait));
    $("signin-button").disabled = true;
    try {
      const { status, data } = await call("POST", path, body);
      if (status === 200 && data.signed_in) {
        fill(message, []);
        $("code").value = "";
        await signedIn(data);
      } else {
        fill(message, data.error || plain(say.badRequest));
      }
    } finally {
      $("signin-button").disabled = false;
    }
  }

  async function demo() {
    const { status, data } = await call("GET", "/api/demo");
    if (status !== 200 || !data.personas) return; // not the demo: no picker
    const box = $("personas");
    box.textContent = "";
    for (const p of data.personas) {
      box.appendChild(button({ label: p.label }, () => signIn("/api/demo/signin", { key: p.key })));
    }
    $("demo").hidden = false;
  }

  async function start() {
    $("signin-form").addEventListener("submit", (event) => {
      event.preventDefault();
      signIn("/api/signin", { code: $("code").value });
    });
    $("say").addEventListener("submit", (event) => {
      event.preventDefault();
      const words = $("text").value.trim();
      if (!words) return;
      $("text").value = "";
      turn({ text: words }, words, null);
    });
    $("signout").addEventListener("click", async () => {
      const { data } = await call("POST", "/api/signout", {});
      signedOut(data.text ? data.text.map((p) => p.t).join("") : "");
      demo();
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") inbox();
    });

    const { status, data } = await call("GET", "/api/session");
    if (status === 200 && data.signed_in) {
      await signedIn(data);
    } else {
      screen("signin");
      demo();
    }
  }

  start();
})();
