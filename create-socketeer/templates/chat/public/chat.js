// The page's client: two namespaces on one connection, /chat and /notifications.
/* global io */
const chat = io('/chat');
const notifications = io('/notifications');

const $ = (id) => document.getElementById(id);
let me = '';
let currentRoom = '';

/** Appends a line to a log; textContent, so nothing a user sends is ever parsed as HTML. */
function append(logId, text, className) {
  const log = $(logId);
  const line = document.createElement('p');
  line.textContent = text;
  if (className) line.className = className;
  log.append(line);
  log.scrollTop = log.scrollHeight;
}

/** Emits and waits for the acknowledgement: null (and the reason shown) when refused, else the ack or {}. */
async function request(socket, event, payload) {
  let ack;
  try {
    ack = await socket.timeout(5000).emitWithAck(event, payload);
  } catch {
    ack = { error: { message: 'The server did not answer.' } };
  }
  const refusal = ack?.error?.message ?? '';
  $('error').textContent = refusal;
  return refusal ? null : (ack ?? {});
}

function onSubmit(formId, handler) {
  $(formId).addEventListener('submit', (event) => {
    event.preventDefault();
    void handler();
  });
}

onSubmit('register', async () => {
  const ack = await request(chat, 'register', { username: $('username').value });
  if (!ack) return;
  me = ack.username;
  $('register').hidden = true;
  $('chat').hidden = false;
});

onSubmit('join', async () => {
  const room = $('room').value.trim();
  if (currentRoom === room) return;
  if (currentRoom) await request(chat, 'leave_room', { room: currentRoom });
  const ack = await request(chat, 'join_room', { room });
  if (!ack) return;
  currentRoom = ack.room;
  $('current-room').textContent = currentRoom;
});

onSubmit('say', async () => {
  if (!currentRoom) {
    $('error').textContent = 'Join a room first.';
    return;
  }
  if (await request(chat, 'room_message', { room: currentRoom, message: $('room-text').value })) $('room-text').value = '';
});

onSubmit('whisper', async () => {
  const payload = { recipient: $('recipient').value, message: $('private-text').value };
  if (await request(chat, 'private_message', payload)) $('private-text').value = '';
});

onSubmit('notify', async () => {
  if (await request(notifications, 'broadcast_notification', { message: $('notification-text').value })) {
    $('notification-text').value = '';
  }
});

chat.on('room_message', (data) => {
  if (data.username) append('room-log', `${data.username}: ${data.message}`);
  else append('room-log', data.msg, 'status');
});

chat.on('private_message', (data) => {
  append('private-log', data.recipient ? `You to ${data.recipient}: ${data.message}` : `${data.username} (private): ${data.message}`);
});

chat.on('user_list', ({ users }) => {
  const select = $('recipient');
  select.replaceChildren(
    ...users.filter((user) => user !== me).map((user) => {
      const option = document.createElement('option');
      option.value = user;
      option.textContent = user;
      return option;
    }),
  );
});

notifications.on('notification', ({ message }) => {
  append('notification-log', message);
  const toast = $('toast');
  toast.textContent = message;
  toast.classList.add('shown');
  clearTimeout(toast.hideTimer);
  toast.hideTimer = setTimeout(() => toast.classList.remove('shown'), 3000);
});
