"""A Foxglove viewer that never reads: it opens the WebSocket with a tiny
receive buffer, subscribes to the channel ids it is given and then sleeps, so
the live view's socket to it fills up at once (a frozen tab, a laptop on bad
Wi-Fi). Usage: stalled_viewer.py PORT SUBPROTOCOL CHANNEL_ID..."""
import base64
import json
import os
import socket
import struct
import sys
import time

port, protocol, channels = int(sys.argv[1]), sys.argv[2], [int(c) for c in sys.argv[3:]]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(("127.0.0.1", port))
key = base64.b64encode(os.urandom(16)).decode()
s.sendall(
    (
        f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {protocol}\r\n\r\n"
    ).encode()
)
head = b""
while b"\r\n\r\n" not in head:
    head += s.recv(1)
print(head.split(b"\r\n\r\n")[0].decode(), flush=True)

payload = json.dumps(
    {"op": "subscribe", "subscriptions": [{"id": i + 1, "channelId": c} for i, c in enumerate(channels)]}
).encode()
mask = os.urandom(4)
n = len(payload)
header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n))
s.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
print("subscribed", flush=True)
while True:
    time.sleep(3600)
