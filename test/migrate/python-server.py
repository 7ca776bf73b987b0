"""Runs a Flask-SocketIO fixture under the real Flask-SocketIO, for comparison with its migration.

usage: python3 python-server.py <app.py | directory with run.py> <port>
The fixture's own `if __name__ == '__main__'` block does not run: this script finds the Flask
app (a module global, or create_app()), serves it on 127.0.0.1:<port> with the threading
server, and prints "listening on http://127.0.0.1:<port>" once the port accepts connections.
"""
import os
import runpy
import socket
import sys
import threading
import time

from flask import Flask

target, port = sys.argv[1], int(sys.argv[2])
entry = os.path.abspath(os.path.join(target, 'run.py') if os.path.isdir(target) else target)
sys.path.insert(0, os.path.dirname(entry))
# Flask finds templates/ next to the app; a module run by path has no file to go by, so it uses the cwd.
os.chdir(os.path.dirname(entry))
module = runpy.run_path(entry, run_name='fixture')
app = next((v for v in module.values() if isinstance(v, Flask)), None)
if app is None and callable(module.get('create_app')):
    app = module['create_app']()
server = app.extensions['socketio']


def serve():
    server.run(app, host='127.0.0.1', port=port, use_reloader=False, log_output=False, allow_unsafe_werkzeug=True)


threading.Thread(target=serve, daemon=True).start()
for _ in range(200):
    try:
        socket.create_connection(('127.0.0.1', port), timeout=0.2).close()
        break
    except OSError:
        time.sleep(0.05)
print(f'listening on http://127.0.0.1:{port}', flush=True)
threading.Event().wait()
