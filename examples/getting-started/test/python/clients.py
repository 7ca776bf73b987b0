"""Real python-socketio clients against the getting-started example.

Usage: clients.py URL TRANSPORT SCENARIO [TOKEN]
  TRANSPORT: websocket | polling
  SCENARIO:  auth | refused | acks | namespaces | rooms | binary | server-disconnect | reconnect

Prints one JSON object per line on stdout; the last line is the scenario's result. The Node test
(python-clients.test.ts) asserts on these objects, never on human-readable text. The
`reconnect` scenario prints {"step": "connected", ...}, waits for the test to cut the network,
prints {"step": "disconnected"} and waits until it is back and the client has reconnected.
"""
import json
import sys
import threading
import time

import socketio

URL, TRANSPORT, SCENARIO = sys.argv[1], sys.argv[2], sys.argv[3]
TOKEN = sys.argv[4] if len(sys.argv) > 4 else 'secret'
TIMEOUT = 10


def plain(value):
    """JSON-safe copy: bytes become {"bytes": hex}, tuples become lists."""
    if isinstance(value, (bytes, bytearray)):
        return {'bytes': bytes(value).hex()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def out(obj):
    sys.stdout.write(json.dumps(plain(obj)) + '\n')
    sys.stdout.flush()


class Recorder:
    """Records every event a client receives, per namespace, and lets the script wait for one.

    python-socketio runs each incoming event's handler in a thread of its own, so events are
    recorded in the order those threads get to run, not always in the order they arrived:
    wait for what you expect rather than counting what is there.
    """

    def __init__(self, client):
        self.client = client
        self.events = []
        self.cond = threading.Condition()

    def add(self, namespace, event, args):
        with self.cond:
            self.events.append({'namespace': namespace, 'event': event, 'args': list(args)})
            self.cond.notify_all()

    def wait_for(self, event, namespace='/', count=1):
        deadline = time.monotonic() + TIMEOUT
        with self.cond:
            while True:
                found = [e for e in self.events if e['event'] == event and e['namespace'] == namespace]
                if len(found) >= count:
                    return found[count - 1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError('no %r on %s; got %r' % (event, namespace, self.events))
                self.cond.wait(left)


def make_client(namespaces=('/',), reconnection=False, answer='ok'):
    client = socketio.Client(reconnection=reconnection, reconnection_delay=0.2,
                             reconnection_delay_max=0.5, randomization_factor=0)
    rec = Recorder(client)
    for ns in namespaces:
        def catch_all(event, *args, _ns=ns):
            rec.add(_ns, event, args)
            return answer  # acknowledges events the server sent with a callback

        def on_connect(_ns=ns):
            rec.add(_ns, 'connect', [client.get_sid(_ns)])

        def on_connect_error(data=None, _ns=ns):
            rec.add(_ns, 'connect_error', [data])

        def on_disconnect(_ns=ns):
            rec.add(_ns, 'disconnect', [])

        client.on('*', catch_all, namespace=ns)
        client.on('connect', on_connect, namespace=ns)
        client.on('connect_error', on_connect_error, namespace=ns)
        client.on('disconnect', on_disconnect, namespace=ns)
    return client, rec


def connect(client, namespaces=('/',), token=TOKEN, wait_timeout=TIMEOUT):
    client.connect(URL, auth={'token': token}, transports=[TRANSPORT],
                   namespaces=list(namespaces), wait_timeout=wait_timeout)


def scenario_auth():
    client, rec = make_client()
    connect(client)
    greeting = rec.wait_for('my response')
    result = {'sid': client.get_sid('/'), 'transport': client.transport(), 'greeting': greeting['args']}
    client.disconnect()
    return result


def scenario_refused():
    client, rec = make_client()
    try:
        # python-socketio waits wait_timeout for the refused namespace before it gives up
        connect(client, token='wrong', wait_timeout=1)
        refused = False
    except socketio.exceptions.ConnectionError:
        refused = True
    error = rec.wait_for('connect_error')
    return {'refused': refused, 'connected': client.connected, 'error': error['args'][0]}


def scenario_acks():
    client, rec = make_client()
    connect(client)
    two = client.call('my event', {'data': 'hi'}, timeout=TIMEOUT)
    three = client.call('my_event', ('a', 'b', 'c'), timeout=TIMEOUT)
    bad = client.call('my event', {'wrong': 1}, timeout=TIMEOUT)
    rec.wait_for('my response', count=3)
    responses = [e['args'] for e in rec.events if e['event'] == 'my response']
    client.disconnect()
    return {'two': two, 'three': three, 'invalid': bad, 'responses': responses}


def scenario_namespaces():
    namespaces = ('/', '/test', '/chat')
    client, rec = make_client(namespaces)
    connect(client, namespaces)
    sids = {ns: client.get_sid(ns) for ns in namespaces}
    client.emit('my_event', {'n': 1}, namespace='/test')
    test_reply = rec.wait_for('my_response', namespace='/test')
    client.emit('to chat', 'over to chat')
    chat = rec.wait_for('message', namespace='/chat')
    failed = client.call('fail', namespace='/test', timeout=TIMEOUT)
    client.disconnect()
    return {'sids': sids, 'test': test_reply['args'], 'chat': chat['args'], 'failed': failed}


def scenario_rooms():
    ann, ann_rec = make_client()
    bob, bob_rec = make_client()
    eve, eve_rec = make_client()
    for c in (ann, bob, eve):
        connect(c)
    ann.call('join', {'username': 'ann', 'room': 'lobby'}, timeout=TIMEOUT)
    bob.call('join', {'username': 'bob', 'room': 'lobby'}, timeout=TIMEOUT)
    bob.call('leave', {'username': 'bob', 'room': 'lobby'}, timeout=TIMEOUT)
    ann_rec.wait_for('message', count=3)
    bob_rec.wait_for('message', count=1)
    # eve asks for an ack after everything else: her answer cannot overtake earlier messages.
    eve.call('my event', {'data': 'barrier'}, timeout=TIMEOUT)
    messages = {name: [e['args'][0] for e in rec.events if e['event'] == 'message']
                for name, rec in (('ann', ann_rec), ('bob', bob_rec), ('eve', eve_rec))}
    for c in (ann, bob, eve):
        c.disconnect()
    return {'messages': messages}


def scenario_binary():
    client, rec = make_client()
    connect(client)
    blob = bytes(range(256))
    client.send(blob)
    echoed = rec.wait_for('message')
    client.emit('json', {'name': 'file.bin', 'content': b'\x00\xffPK', 'parts': [b'\x01', 'text']})
    nested = rec.wait_for('json')
    client.disconnect()
    return {'sent': blob, 'echoed': echoed['args'], 'nested': nested['args'],
            'echoed_is_bytes': isinstance(echoed['args'][0], bytes)}


def scenario_server_disconnect():
    client, rec = make_client(answer='goodbye seen')
    connect(client)
    rec.wait_for('my response')  # the greeting
    client.emit('disconnect request')
    goodbye = rec.wait_for('my response', count=2)
    rec.wait_for('disconnect')
    time.sleep(0.5)  # would a reconnection start? (it must not after a server disconnect)
    return {'goodbye': goodbye['args'], 'connected': client.connected,
            'connects': len([e for e in rec.events if e['event'] == 'connect'])}


def scenario_reconnect():
    client, rec = make_client(reconnection=True)
    connect(client)
    first = client.get_sid('/')
    rec.wait_for('my response')  # the greeting, before the cut can lose it in flight
    out({'step': 'connected', 'sid': first})
    rec.wait_for('disconnect')
    out({'step': 'disconnected'})
    rec.wait_for('connect', count=2)
    rec.wait_for('my response', count=2)  # the connect handler greets again
    second = client.get_sid('/')
    ack = client.call('my event', {'data': 'after reconnect'}, timeout=TIMEOUT)
    client.disconnect()
    return {'sids': [first, second], 'greetings': len([e for e in rec.events if e['event'] == 'my response' and e['args'][0] == {'data': 'Connected'}]), 'ack': ack}


def main():
    run = globals()['scenario_' + SCENARIO.replace('-', '_')]
    try:
        result = run()
        result['ok'] = True
    except Exception as exc:  # the test prints this and fails
        result = {'ok': False, 'error': '%s: %s' % (type(exc).__name__, exc)}
    out(result)


if __name__ == '__main__':
    timer = threading.Timer(30, lambda: (out({'ok': False, 'error': 'scenario timed out'}), sys.stdout.flush(), __import__('os')._exit(3)))
    timer.daemon = True
    timer.start()
    main()
    __import__('os')._exit(0)
