// The room page. The session cookie goes with the socket.io handshake, so the server knows
// who we are; every request asks for an acknowledgement to show refusals next to it.
'use strict';

const $ = (id) => document.getElementById(id);
const socket = io();

function log(text, className) {
  const item = document.createElement('li');
  item.textContent = text; // user text is never parsed as HTML
  if (className) item.className = className;
  $('log').appendChild(item);
  $('log').scrollTop = $('log').scrollHeight;
}

function request(event, payload) {
  socket.emit(event, payload, (answer) => {
    if (answer?.error) log(answer.error.message, 'error-line');
  });
}

socket.on('connect', () => {
  $('status').textContent = 'connected';
  $('status').classList.add('online');
  log('Connected.', 'notice');
});
socket.on('disconnect', (reason) => {
  $('status').textContent = 'disconnected';
  $('status').classList.remove('online');
  log(reason === 'io server disconnect' ? 'Disconnected by the server (logged out?).' : 'Disconnected.', 'notice');
});
socket.on('welcome', ({ user }) => {
  $('me').textContent = user ?? 'nobody';
});
socket.on('join', (text) => log(text, 'notice'));
socket.on('leave', (text) => log(text, 'notice'));
socket.on('chat', ({ user, message }) => log(`${user}: ${message}`));
socket.on('socketeer:error', ({ error }) => log(error.message, 'error-line'));

$('join-btn').addEventListener('click', () => request('join', { room: $('room').value.trim() }));
$('leave-btn').addEventListener('click', () => request('leave', { room: $('room').value.trim() }));
$('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const message = $('message').value.trim();
  if (!message) return;
  request('chat', { room: $('room').value.trim(), message });
  $('message').value = '';
});
$('message').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $('chat-form').requestSubmit();
  }
});
