// @ts-check
// The chat page: /chat for rooms and private messages, /notifications for broadcasts.
// Everything users typed is put on the page with textContent, never as HTML. Messages carry no
// sender: the server takes it from the name this connection registered.
// `// @ts-check` and the JSDoc types below let tsc check every socket call against the
// chat's contract (contract.ts, derived from the controllers): `npm run typecheck`.
'use strict';

/** @import { ChatSocket, NotificationsSocket } from '../contract.js' */

/** Every id looked up is in index.html; typed as an input so `.value` reads without casts. */
const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
/** The client /socket.io/socket.io.js defines (window.io), typed per namespace by the contract. */
const connect = /** @type {{ io: typeof import('socket.io-client').io }} */ (/** @type {unknown} */ (window)).io;
const chat = /** @type {ChatSocket} */ (connect('/chat'));
const notifications = /** @type {NotificationsSocket} */ (connect('/notifications'));

let username = '';
let currentRoom = '';

/** @param {string} listId @param {string} text @param {string} [className] */
function append(listId, text, className) {
  const list = $(listId);
  const item = document.createElement('li');
  item.textContent = text;
  if (className) item.className = className;
  list.appendChild(item);
  list.scrollTop = list.scrollHeight;
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let errorTimer;
/** @param {string} text */
function showError(text) {
  const box = $('error');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => (box.hidden = true), 5000);
}

/** @param {string} text */
function toast(text) {
  const el = document.createElement('div');
  el.className = 'toast';
  el.textContent = text;
  $('toasts').appendChild(el);
  setTimeout(() => {
    el.classList.add('leaving');
    setTimeout(() => el.remove(), 500);
  }, 4000);
}

function setStatus() {
  const online = chat.connected && notifications.connected;
  $('status').textContent = online ? 'online' : 'offline';
  $('status').classList.toggle('online', online);
}
for (const socket of [chat, notifications]) {
  socket.on('connect', setStatus);
  socket.on('disconnect', setStatus);
}

// A new connection after a network drop starts fresh on the server: register again.
chat.on('connect', () => {
  if (username) chat.emit('register', { username });
  if (currentRoom) chat.emit('join_room', { room: currentRoom });
});

$('register-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('username').value.trim();
  if (!name) return;
  // Asked with an acknowledgement: a refusal (name taken) comes back here as { error }.
  chat.emit('register', { username: name }, (answer) => {
    if (answer?.error) return showError(answer.error.message);
    username = name;
    $('me').textContent = username;
    $('me').hidden = false;
    $('register-form').hidden = true;
    $('chat').hidden = false;
    $('error').hidden = true;
    $('room-input').focus();
  });
});

$('join-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const room = $('room-input').value.trim();
  if (!room || room === currentRoom) return;
  if (currentRoom) chat.emit('leave_room', { room: currentRoom });
  currentRoom = room;
  chat.emit('join_room', { room });
  $('current-room').textContent = room;
  $('room-messages').replaceChildren();
  $('room-message').focus();
});

$('room-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const message = $('room-message').value;
  if (!message.trim()) return;
  if (!currentRoom) return showError('Join a room first.');
  chat.emit('room_message', { message, room: currentRoom });
  $('room-message').value = '';
});

$('private-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const recipient = $('user-list').value;
  const message = $('private-message').value;
  if (!recipient || !message.trim()) return;
  chat.emit('private_message', { recipient, message });
  $('private-message').value = '';
});

$('notification-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const message = $('notification-text').value;
  if (!message.trim()) return;
  notifications.emit('broadcast_notification', { message });
  $('notification-text').value = '';
});

chat.on('room_message', (data) => {
  if ('username' in data) append('room-messages', `${data.username}: ${data.message}`);
  else append('room-messages', data.msg, 'notice');
});

chat.on('private_message', (data) => {
  if (data.recipient) append('private-messages', `You to ${data.recipient}: ${data.message}`, 'mine');
  else append('private-messages', `${data.username} (private): ${data.message}`);
});

chat.on('user_list', (data) => {
  const select = $('user-list');
  const chosen = select.value;
  const others = data.users.filter((user) => user !== username);
  select.replaceChildren(
    ...others.map((user) => {
      const option = document.createElement('option');
      option.value = user;
      option.textContent = user;
      return option;
    }),
  );
  if (others.includes(chosen)) select.value = chosen;
  $('send-private-btn').disabled = others.length === 0;
});

chat.on('socketeer:error', ({ error }) => showError(error.message));
notifications.on('socketeer:error', ({ error }) => showError(error.message));

notifications.on('notification', (data) => {
  append('notifications', data.message);
  toast(data.message);
});
