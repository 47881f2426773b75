#!/usr/bin/env bash
# The two local servers (#15): serve answers only to its own loopback names
# (DNS rebinding) unless told another, and both decide on the headers (Host,
# Origin, method, length) before reading a body: a refused upload is never
# kept in memory, and a client that asks first sends none of it.
. "$(dirname "$0")/lib.sh"
for tool in curl jq truncate; do
	command -v $tool >/dev/null && continue
	[ "${CI:-}" = true ] && fail "$tool is needed"
	echo "skip: no $tool"; exit 77
done
[ -r /proc/self/status ] || { [ "${CI:-}" = true ] && fail "/proc is needed"; echo "skip: no /proc"; exit 77; }

planche init coll >/dev/null
cd coll
make_image scans/a.jpg 200 260
planche add scans >/dev/null
planche clean --pipeline none >/dev/null
planche build >/dev/null
# 128 MiB that take no disk space.
truncate -s 128M "$WORK/big"

# start_server LOG CMD...: starts the binary, sets $pid and $url. Under
# AddressSanitizer, freed memory waits in a quarantine (256 MiB) that would
# count in the peak measured below: kept small, only memory still held counts.
start_server() {
	local log=$1
	shift
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1" "$PLANCHE" "$@" > "$log" 2>&1 &
	pid=$!
	url=
	for _ in $(seq 100); do
		url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$log" | head -1 || true)
		[ -n "$url" ] && break
		kill -0 "$pid" 2>/dev/null || fail "$1 stopped: $(cat "$log")"
		sleep 0.1
	done
	[ -n "$url" ] || fail "$1 printed no address"
	port=${url#http://127.0.0.1:}
	port=${port%/}
}
stop_server() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
code() { # code URL [curl options...]: the status; the body is in $WORK/body
	local u=$1
	shift
	curl -s -o "$WORK/body" -w '%{http_code}' "$@" "$u"
}
peak_kb() { sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$pid/status"; }

# ---- serve: Host ----
start_server "$WORK/serve.log" serve --port 0
for host in "127.0.0.1:$port" "localhost:$port" "LocalHost:$port" "[::1]:$port"; do
	equals "$(code "$url" -H "Host: $host")" 200 "serve, Host: $host"
done
for host in evil.example "evil.example:$port" 127.0.0.1 "localhost:1" "localhost.evil.example:$port"; do
	equals "$(code "$url" -H "Host: $host")" 403 "serve, Host: $host"
	contains "$(cat "$WORK/body")" "Host" "says why"
done
# What a DNS-rebinding page does: its own name, resolved to 127.0.0.1.
equals "$(code "http://rebind.example:$port/index.html" --resolve "rebind.example:$port:127.0.0.1")" 403 \
	"serve, a page whose name leads to 127.0.0.1"
# A folder asked for without its slash is redirected below this server,
# whatever the raw path held ("//host/x" is no way to another host).
loc=$(curl -s -o /dev/null -w '%{redirect_url}' --path-as-is "${url%/}//items/1")
equals "$loc" "${url}items/1/" "the redirect of //items/1"
ok "serve answers only to localhost, 127.0.0.1 and [::1] with its port"

# ---- serve: no body is read ----
before=$(peak_kb)
equals "$(code "$url" -X POST -T "$WORK/big" -H 'Expect:')" 405 "serve, a POST of 128 MiB"
equals "$(code "$url" -X GET -T "$WORK/big" -H 'Expect:' -H 'Host: evil.example')" 403 "serve, 128 MiB to another Host"
equals "$(code "$url" -X GET -T "$WORK/big" -H 'Expect:')" 413 "serve, a GET with a body"
grown=$(( $(peak_kb) - before ))
[ "$grown" -lt 32768 ] || fail "serve kept a refused body in memory: its peak grew by $grown KiB"
sent=$(curl -s -o /dev/null -w '%{size_upload}' -X POST -T "$WORK/big" -H 'Expect: 100-continue' "$url")
equals "$sent" 0 "serve: a client that waits for 100-continue sends nothing"
equals "$(code "$url")" 200 "serve still answers"
stop_server
ok "serve refuses on the headers: a refused body is never kept, and not even sent by a careful client"

# ---- serve --allow-host ----
expect_status 2 planche serve --allow-host http://prints.example
contains "$ERR" "--allow-host takes a host name" "a URL is not a host name"
start_server "$WORK/serve2.log" serve --port 0 --allow-host prints.example
equals "$(code "$url" -H 'Host: prints.example')" 200 "an allowed host"
equals "$(code "$url" -H 'Host: PRINTS.example:8443')" 200 "an allowed host, any port (behind a proxy)"
equals "$(code "$url" -H 'Host: prints.example.evil')" 403 "a longer name is another"
equals "$(code "$url" -H 'Host: evil.example')" 403 "still no other"
stop_server
ok "serve --allow-host NAME answers NAME too, and nothing else"

# ---- review: no body is read ----
start_server "$WORK/review.log" review --port 0
equals "$(code "$url" -H "Host: [::1]:$port")" 200 "review, Host [::1]"
before=$(peak_kb)
t0=$(date +%s)
equals "$(code "${url}item/1" -X POST -T "$WORK/big" -H 'Expect:' -H 'Host: evil.example' \
	-H 'Content-Type: application/x-www-form-urlencoded')" 403 "review, 128 MiB to another Host"
contains "$(cat "$WORK/body")" "forbidden" "says why"
equals "$(code "${url}item/1" -X POST -T "$WORK/big" -H 'Expect:' -H 'Origin: http://evil.example' \
	-H 'Content-Type: application/x-www-form-urlencoded')" 403 "review, 128 MiB from another Origin"
equals "$(code "${url}item/1" -X POST -T "$WORK/big" -H 'Expect:' \
	-H 'Content-Type: application/x-www-form-urlencoded')" 413 "review, 128 MiB from itself"
grown=$(( $(peak_kb) - before ))
[ "$grown" -lt 32768 ] || fail "review kept a refused body in memory: its peak grew by $grown KiB"
sent=$(curl -s -o /dev/null -w '%{size_upload}' -X POST -T "$WORK/big" -H 'Expect: 100-continue' \
	-H 'Host: evil.example' "${url}item/1")
equals "$sent" 0 "review: a client that waits for 100-continue sends nothing"
head -c 70000 /dev/zero | tr '\0' 'a' > "$WORK/70k"
equals "$(code "${url}item/1" --data-binary @"$WORK/70k")" 413 "a form over 64 KiB"
equals "$(code "${url}item/1" -H 'Transfer-Encoding: chunked' --data-binary 'token=x')" 411 \
	"a form without a length"
equals "$(code "${url}item/1" -X PUT --data 'a=b')" 405 "PUT"
equals "$(code "$url")" 200 "review still answers"
stop_server
ok "review refuses on the headers (Host, Origin, method, length) before reading a body"

done_testing
