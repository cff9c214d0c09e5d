#!/bin/bash
# Healthcheck of the livekit container (no curl there): LiveKit answers GET / with 200 once it serves.
host="${PARLEY_BIND_HOST:-127.0.0.1}"
[ "$host" = 0.0.0.0 ] && host=127.0.0.1
exec 3<>"/dev/tcp/$host/${PARLEY_LIVEKIT_PORT:-7880}" || exit 1
printf 'GET / HTTP/1.0\r\nHost: %s\r\n\r\n' "$host" >&3
IFS= read -r -t 2 status <&3 && [[ "$status" == *" 200"* ]]
