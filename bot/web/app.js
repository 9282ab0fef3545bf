// The web chat page. Talks JSON to bot/channels/web.py; never puts server
// text into innerHTML: replies arrive as plain and bold pieces and become
// text nodes, so a name or a typed word can never turn into markup.
//
// Where things stand on the screen, for older eyes:
// - after each turn the newest answer stands at the top of the conversation,
//   its first line just under the header, and the menu folds to "☰ Menu";
// - a reply marked "edit" (a roll-call tick, a page, the reminders switch)
//   redraws the message that was tapped, where it is: no echo, no scroll, and
//   the tapped button stays under the finger;
// - once the conversation moves on, older messages' buttons are disabled.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const say = document.body.dataset;
  const INBOX_EVERY = 20000; // ms between looks at the inbox while the page is open
  const GAP = 8;             // px between the header and a pinned answer

  let csrf = null;
  let inboxTimer = null;
  let busy = false;
  let turnNo = 0;       // which turn drew or last redrew each message (data-turn)
  let pinned = null;    // the answer standing at the top of the conversation

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

  function bubble(kind, pieces) {
    const message = document.createElement("div");
    message.className = "msg " + kind;
    const text = document.createElement("div");
    text.className = "text";
    fill(text, pieces);
    message.appendChild(text);
    if (kind.startsWith("bot") && !kind.includes("error")) message.appendChild(tools(message));
    $("log").insertBefore(message, $("end"));
    return message;
  }

  function button(spec, onTap) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = spec.primary ? "big primary" : "big";
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
      for (const spec of row) line.appendChild(button(spec, (s, b) => tap(s, message, b)));
      box.appendChild(line);
    }
    const after = message.querySelector(".tools");
    message.insertBefore(box, after);
  }

  function keyboard(rows) {
    const box = $("keyboard");
    box.textContent = "";
    for (const row of rows || []) {
      const line = document.createElement("div");
      line.className = "row";
      for (const spec of row) line.appendChild(button(spec, (s) => tap(s, null, null)));
      box.appendChild(line);
    }
    $("menu").hidden = !box.childElementCount;
  }

  function attach(message, file) {
    // A file sent with a reply (the member's data): a link that saves it.
    const old = message.querySelector("a.file");
    if (old) old.remove();
    if (!file) return;
    const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
    const link = document.createElement("a");
    link.className = "file";
    link.href = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
    link.download = file.name;
    link.textContent = "📥 " + file.name;
    message.querySelector(".text").after(link);
  }

  // The menu: open, or folded to its one button so an answer has the screen.
  function menuOpen(open) {
    const dock = $("dock");
    const wanted = open && $("keyboard").childElementCount > 0;
    dock.classList.toggle("folded", !wanted);
    $("menu").textContent = wanted ? say.menuClose : say.menu;
    $("menu").setAttribute("aria-expanded", String(wanted));
  }

  // A menu key that belongs to the answer it came with ("⚠️ Báo sai" under a
  // balance) goes under that answer; the rest is the menu.
  function split(rows) {
    const menu = [], mine = [];
    for (const row of rows || []) {
      const own = row.filter((b) => b.with_answer);
      const rest = row.filter((b) => !b.with_answer);
      if (own.length) mine.push(own);
      if (rest.length) menu.push(rest);
    }
    return { menu, mine };
  }

  // ---------------------------------------------------------------- where the answer stands

  function rect(element) { return element.getBoundingClientRect(); }

  // Enough room under ``pinned`` that it can stand at the top of the log.
  function fitEnd() {
    const log = $("log"), end = $("end");
    if (!pinned || !pinned.isConnected) { end.style.height = "0px"; return; }
    const below = rect(end).top - rect(pinned).top;
    end.style.height = Math.max(0, log.clientHeight - GAP - below) + "px";
  }

  function pin(message) {
    pinned = message;
    fitEnd();
    const log = $("log");
    log.scrollTop += rect(message).top - rect(log).top - GAP;
  }

  // The button of a redrawn message that stands where the tapped one stood:
  // the one for the same thing (a roll-call name whose mark changed: same
  // place, same data but the mark), else one with the same label (a page
  // button). None when the message became something else (a day picked, the
  // sheet drawn): then the message itself keeps its place.
  function spot(message, tapped) {
    const rows = [...message.querySelectorAll(".choices .row")];
    const row = rows.indexOf(tapped.parentElement);
    const col = [...tapped.parentElement.children].indexOf(tapped);
    return { row, col, stem: stem(tapped), label: tapped.textContent, top: rect(tapped).top,
             messageTop: rect(message).top };
  }

  function stem(b) { return (b.dataset.choice || "").replace(/:[^:]*$/, ""); }

  function findSpot(message, where) {
    const rows = [...message.querySelectorAll(".choices .row")];
    const at = rows[where.row] ? rows[where.row].children[where.col] : null;
    if (at && where.stem && stem(at) === where.stem) return at;
    for (const b of message.querySelectorAll(".choices button")) {
      if (b.textContent === where.label) return b;
    }
    return null;
  }

  function keepUnderFinger(message, where) {
    const log = $("log");
    const now = findSpot(message, where);
    if (now) {
      log.scrollTop += rect(now).top - where.top;
      return;
    }
    log.scrollTop += rect(message).top - where.messageTop;
    // Its first line must stay in sight.
    const above = rect(log).top + GAP - rect(message).top;
    if (above > 0) log.scrollTop -= above;
  }

  // ---------------------------------------------------------------- showing replies

  // Returns the messages drawn anew (not those redrawn in place).
  function show(replies, tapped, where) {
    const fresh = [];
    let menu = null;
    for (const reply of replies || []) {
      const { menu: keys, mine } = split(reply.keyboard);
      let message;
      if (reply.edit && tapped && tapped.isConnected) {
        message = tapped;
        fill(message.querySelector(".text"), reply.text);
      } else {
        message = bubble("bot", reply.text);
        picture(message, reply.image);
        fresh.push(message);
      }
      const rows = (reply.choices || []).concat(mine);
      choicesInto(message, rows);
      markChoices(message, rows);
      attach(message, reply.file);
      message.dataset.turn = String(turnNo);
      if (keys.length) menu = keys;
      else if (reply.remove_keyboard) menu = [];
    }
    if (menu !== null) keyboard(menu);
    retire();
    if (fresh.length) {
      menuOpen(false);
      pin(fresh[0]);
    } else if (tapped && where) {
      fitEnd();
      keepUnderFinger(tapped, where);
    }
    return fresh;
  }

  // Remember each button's data on it, to find "the same" button after a redraw.
  function markChoices(message, rows) {
    const buttons = message.querySelectorAll(".choices button");
    let i = 0;
    for (const row of rows) {
      for (const spec of row) {
        if (buttons[i]) buttons[i].dataset.choice = spec.choice || "";
        i += 1;
      }
    }
  }

  // The conversation moved on: only this turn's messages keep live buttons.
  function retire() {
    for (const message of $("log").querySelectorAll(".msg")) {
      if (message.dataset.turn === String(turnNo)) continue;
      for (const b of message.querySelectorAll(".choices button")) b.disabled = true;
    }
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

  // ---------------------------------------------------------------- reading aloud

  // The browser's own speech, in a Vietnamese voice; the button shows only
  // where there is one (voices may arrive late: "voiceschanged").
  const speech = "speechSynthesis" in window ? window.speechSynthesis : null;
  let voice = null;
  let speaking = null;

  function findVoice() {
    if (!speech) return null;
    const voices = speech.getVoices() || [];
    return voices.find((v) => /^vi([-_]|$)/i.test(v.lang || "")) || null;
  }

  function voicesChanged() {
    voice = findVoice();
    document.body.classList.toggle("can-read", voice !== null);
  }

  function tools(message) {
    const box = document.createElement("div");
    box.className = "tools";
    const b = document.createElement("button");
    b.type = "button";
    b.className = "read";
    b.textContent = say.read;
    b.addEventListener("click", () => readAloud(message, b));
    box.appendChild(b);
    return box;
  }

  // What a voice should say: no emoji names, amounts in đồng, dates as spoken.
  function spoken(text) {
    return text
      .replace(/[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\uFE0F\u200D\u20E3]/gu, "")
      .replace(/(\d{1,2})\/(\d{1,2})\/(\d{4})/g, "$1 tháng $2 năm $3")
      .replace(/(\d) ?đ(?![\p{L}])/gu, "$1 đồng")
      .replace(/[«»•]/g, "");
  }

  function readAloud(message, b) {
    if (!speech || !voice) return;
    const again = speaking === message;
    speech.cancel();
    for (const other of document.querySelectorAll(".tools .read")) other.textContent = say.read;
    speaking = null;
    if (again) return; // a second tap stops
    const utterance = new SpeechSynthesisUtterance(spoken(message.querySelector(".text").textContent));
    utterance.voice = voice;
    utterance.lang = voice.lang || "vi-VN";
    utterance.rate = 0.9;
    utterance.onend = utterance.onerror = () => {
      if (speaking === message) { speaking = null; b.textContent = say.read; }
    };
    speaking = message;
    b.textContent = say.readStop;
    speech.speak(utterance);
  }

  // ---------------------------------------------------------------- the conversation

  async function turn(payload, echo, tapped, where) {
    if (busy) return; // a double tap sends once
    busy = true;
    try {
      turnNo += 1;
      if (echo) bubble("me", plain(echo));
      const { status, data } = await call("POST", "/api/turn", payload);
      if (status === 401) return signedOut(say.sessionGone);
      if (status !== 200) {
        if (tapped) for (const b of tapped.querySelectorAll(".choices button")) b.disabled = false;
        const error = bubble("bot error", data.error || plain(say.badRequest));
        error.dataset.turn = String(turnNo);
        pin(error);
        return;
      }
      show(data.replies, tapped, where);
      hint(data.hint);
    } finally {
      busy = false; // as soon as the answer shows, its buttons answer a tap
    }
    await inbox(false);
  }

  function tap(spec, message, b) {
    if (busy) return;
    let where = null;
    if (message && b) {
      where = spot(message, b);
      // Like Telegram taking the buttons away: a second tap cannot repeat the
      // choice (the server checks it again anyway). The one taken stays marked.
      for (const other of message.querySelectorAll(".choices button")) {
        other.disabled = true;
        other.classList.remove("chosen");
      }
      b.classList.add("chosen");
    }
    if (spec.choice) turn({ choice: spec.choice }, null, message, where);
    else turn({ text: spec.label }, spec.label, null, null); // a key: it says its label
  }

  // What the bot said on its own. Found by the timer (``news``), it comes
  // into view; fetched after a turn, it waits under the answer.
  async function inbox(news) {
    if (!csrf) return;
    const { status, data } = await call("GET", "/api/messages");
    if (status === 401) return signedOut(say.sessionGone);
    if (status !== 200 || !data.messages || !data.messages.length) return;
    let last = 0;
    let first = null;
    for (const m of data.messages) {
      const message = bubble("bot inbox", m.text);
      message.dataset.turn = "inbox";
      first = first || message;
      last = Math.max(last, m.id);
    }
    if (news && !busy) pin(first);
    else fitEnd();
    await call("POST", "/api/messages/seen", { up_to: last });
  }

  function startInbox() {
    if (inboxTimer) clearInterval(inboxTimer);
    inboxTimer = setInterval(() => inbox(true), INBOX_EVERY);
  }

  async function signedIn(data) {
    csrf = data.csrf;
    clearLog();
    screen("chat");
    turnNo += 1;
    let replies = data.replies;
    if (!replies) {
      const first = await call("POST", "/api/turn", { start: true });
      if (first.status === 200) { replies = first.data.replies; hint(first.data.hint); }
    }
    if (replies) show(replies, null, null);
    menuOpen(true); // a greeting: the menu open, ready for the first tap
    startInbox();
    await inbox(false);
  }

  function clearLog() {
    for (const message of [...$("log").querySelectorAll(".msg")]) message.remove();
    pinned = null;
    fitEnd();
  }

  function signedOut(why) {
    csrf = null;
    if (inboxTimer) clearInterval(inboxTimer);
    inboxTimer = null;
    if (speech) speech.cancel();
    keyboard([]);
    menuOpen(false);
    hint(null);
    clearLog();
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

  async function signOut() {
    const { data } = await call("POST", "/api/signout", {});
    signedOut(data.text ? data.text.map((p) => p.t).join("") : "");
    demo();
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
    // "Gửi" shows once there is something to send: until then the box has the room.
    const typing = () => $("say").classList.toggle("typing", $("text").value !== "");
    $("text").addEventListener("input", typing);
    $("say").addEventListener("submit", (event) => {
      event.preventDefault();
      const words = $("text").value.trim();
      $("text").value = "";
      typing();
      // An empty box still asks: the answer says what to type or tap.
      turn({ text: words }, words || null, null, null);
    });
    $("menu").addEventListener("click", () => {
      menuOpen($("dock").classList.contains("folded"));
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") menuOpen(false);
    });
    // Signing out unlinks this browser: ask first, and say what it costs.
    const leave = $("leave");
    $("signout").addEventListener("click", () => {
      if (typeof leave.showModal === "function") leave.showModal();
      else if (window.confirm($("leave-ask").textContent)) signOut();
    });
    $("leave-no").addEventListener("click", () => leave.close());
    $("leave-yes").addEventListener("click", () => { leave.close(); signOut(); });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") inbox(true);
    });
    if ("ResizeObserver" in window) new ResizeObserver(fitEnd).observe($("log"));
    if (speech) {
      voicesChanged();
      if (speech.addEventListener) speech.addEventListener("voiceschanged", voicesChanged);
      else speech.onvoiceschanged = voicesChanged;
    }

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
