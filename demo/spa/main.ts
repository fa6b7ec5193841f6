/// <reference types="vite/client" />
// An SPA-style admin page: the widget comes from the npm build (`import 'lonceng'`), is created
// from code, gets a fresh URL from an async function, and links order notifications.
import 'lonceng';
import '../admin.css';
import { mountAdmin } from '../admin.js';

const app = document.getElementById('app')!;
app.innerHTML = `
  <header class="topbar">
    <span class="brand">Toko Nusantara</span>
    <nav><a href="/">Script-tag version</a><a href="/spa/" aria-current="page">SPA version</a><a href="/control" target="_blank">Remote control</a></nav>
    <span class="spacer"></span>
    <label><span class="who">Language </span><select data-language aria-label="Language"><option value="en">English</option><option value="id">Bahasa Indonesia</option></select></label>
    <span data-bell></span>
    <span class="who">Admin</span>
  </header>
  <main>
    <section data-qa="dashboard" class="cards" aria-label="Today">
      <div class="card"><small>Orders today</small><strong data-figure="orders">–</strong></div>
      <div class="card"><small>Revenue today</small><strong data-figure="revenue">–</strong></div>
      <div class="card"><small>Pending payments</small><strong data-figure="pending">–</strong></div>
      <div class="card"><small>Dashboard auto-refreshes</small><strong data-qa="refresh-count">0</strong></div>
    </section>
    <section class="box" data-orders>
      <h2>Recent orders</h2>
      <table><thead><tr><th>Order</th><th>Customer</th><th>Product</th><th class="num">Total</th><th>Status</th></tr></thead><tbody></tbody></table>
    </section>
    <section class="box"><h2>Shop actions and faults</h2><div data-controls></div></section>
  </main>`;

const widget = document.createElement('lonceng-notifications');
widget.user = 'admin';
// Called before every connection attempt, e.g. to put a fresh token in the URL.
widget.url = async () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?user=admin&session=${Date.now()}`;
widget.templates = { 'order.created': { link: '/spa/#order-{orderCode}' } };
app.querySelector('[data-bell]')!.replaceWith(widget);
mountAdmin(document);
