

namespace Edge.Gateway.Page;

/// <summary>
/// The technician page's document, style and script, kept inline so the page needs nothing but the gateway.
/// The script only moves the token and server-rendered HTML around: it never builds markup from data.
/// </summary>
internal static class PageAssets
{
    public const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;padding:0 .8em 2em;max-width:60em;color:#111}
        header{display:flex;justify-content:space-between;align-items:center;border-bottom:2px solid #333}
        h1{font-size:1.2em}h2{font-size:1.05em;margin-top:1.2em}h3{font-size:1em;margin:.2em 0}
        .alert{border-left:6px solid #c00;padding:.3em .7em;margin:.6em 0;background:#fff4f4}
        .evidence{font-family:ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
        .faults li{color:#a00}
        table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25em .4em;border-bottom:1px solid #ccc}
        button{font-size:1em;padding:.4em .9em}input{font-size:1em;padding:.3em;width:100%;box-sizing:border-box;margin:.2em 0 .6em}
        #note{color:#555}.error{color:#a00}
        """;

    public const string Script = """
        'use strict';
        const main = document.getElementById('main');
        const note = document.getElementById('note');
        const login = document.getElementById('login');
        const token = () => sessionStorage.getItem('edge-token');
        function say(text, error) { note.textContent = text; note.className = error ? 'error' : ''; }
        function ask(message) { main.replaceChildren(); login.hidden = false; say(message || 'Enter the gateway token.', !!message); }
        async function load() {
          if (!token()) { ask(); return; }
          login.hidden = true;
          let response;
          try {
            response = await fetch('/page/overview', { headers: { Authorization: 'Bearer ' + token() }, cache: 'no-store' });
          } catch (e) { say('Gateway not reachable; showing what was last loaded.', true); return; }
          if (response.status === 401) { sessionStorage.removeItem('edge-token'); ask('The gateway does not know that token.'); return; }
          if (!response.ok) { say('The gateway answered ' + response.status + '.', true); return; }
          main.innerHTML = await response.text();
          say('Updated ' + new Date().toLocaleTimeString() + '.');
        }
        login.addEventListener('submit', e => {
          e.preventDefault();
          sessionStorage.setItem('edge-token', document.getElementById('token').value.trim());
          sessionStorage.setItem('edge-name', document.getElementById('name').value.trim());
          document.getElementById('token').value = '';
          load();
        });
        main.addEventListener('click', async e => {
          const button = e.target.closest('button[data-ack]');
          if (!button) return;
          button.disabled = true;
          const by = sessionStorage.getItem('edge-name');
          const response = await fetch('/api/alerts/' + encodeURIComponent(button.dataset.ack) + '/ack', {
            method: 'POST',
            headers: { Authorization: 'Bearer ' + token(), 'Content-Type': 'application/json' },
            body: JSON.stringify(by ? { by: by } : {}),
          }).catch(() => null);
          if (!response || !response.ok) { say('Acknowledging failed' + (response ? ' (' + response.status + ')' : '') + '.', true); button.disabled = false; return; }
          load();
        });
        document.getElementById('logout').addEventListener('click', () => { sessionStorage.clear(); ask(); });
        load();
        setInterval(load, 30000);
        """;

    public static readonly string Document = $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>Edge gateway</title><style>{Style}</style></head>
        <body><header><h1>Edge gateway</h1><button id="logout" type="button">Forget token</button></header>
        <p id="note"></p>
        <form id="login" hidden><label>Token <input id="token" type="password" autocomplete="off" required></label>
        <label>Your name (for acknowledgements) <input id="name" autocomplete="name"></label><button>Open</button></form>
        <main id="main"></main>
        <script>{Script}</script></body></html>
        """;
}
