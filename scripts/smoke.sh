#!/usr/bin/env bash
# Post-deploy smoke test: walks a deployment through what a watch and the admin do, and cleans up after itself.
#
#   scripts/smoke.sh BASE_URL [ADMIN_USER]
#
# BASE_URL: the app's address as a watch's server name would give it (https://<app>.azurewebsites.net, or
# http://127.0.0.1:7071 for a local run). ADMIN_USER: default $RECORDINGS_ADMIN_USER, else "admin".
# The admin password comes from RECORDINGS_ADMIN_PASSWORD or, when run in a terminal, from a prompt; it is never
# taken from the command line (where other users could read it in the process list).
#
# Each step prints one line: "ok   <step>: ...", "FAIL <step>: ...", "skip <step>: ..." (an earlier failure left
# nothing to check) or "note <step>: ..." (a fact about this deployment, not a verdict). The last line sums up;
# the exit status is 0 when nothing failed, 1 otherwise, 2 for wrong usage.
#
# What it creates, it deletes again at the end, also after a failure or Ctrl-C: a pairing request or device named
# smoke-<time>-<random>, one recording set with two files (1 MiB and 64 MiB of random bytes) and, only when the
# deployment has no model at all, a tiny test model. A study's own devices, sets and models are never touched.
#
# Tunable through the environment: SMOKE_UPLOAD_SECONDS (time allowed per upload, default 600),
# SMOKE_ZIP_SECONDS (how long to wait for the set's zip, default 180).
set -uo pipefail

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
esac
[ $# -le 2 ] || { usage >&2; exit 2; }
for tool in curl python3 unzip head; do
  command -v "$tool" >/dev/null 2>&1 || { echo "smoke: needs $tool" >&2; exit 2; }
done

base=$1
while [[ $base == */ ]]; do base=${base%/}; done    # a watch's server name must not end in '/': see the double-slash step
admin_user=${2:-${RECORDINGS_ADMIN_USER:-admin}}
upload_seconds=${SMOKE_UPLOAD_SECONDS:-600}
zip_seconds=${SMOKE_ZIP_SECONDS:-180}

# Same-origin changes need an Origin of the app's own scheme, host and port (Functions/Security/AdminGate.cs).
origin=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p.scheme + "://" + p.netloc.rpartition("@")[2] if p.scheme in ("http", "https") and p.netloc else "")' "$base")
[ -n "$origin" ] || { echo "smoke: BASE_URL must be an http:// or https:// address, not '$base'" >&2; exit 2; }
base_host=$(python3 -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).hostname or "")' "$base")

password=${RECORDINGS_ADMIN_PASSWORD:-}
if [ -z "$password" ]; then
  if [ -t 0 ]; then
    read -r -s -p "Admin password for $admin_user at $base: " password; echo
  fi
  [ -n "$password" ] || { echo "smoke: set RECORDINGS_ADMIN_PASSWORD (or run in a terminal to be asked)" >&2; exit 2; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/smoke.XXXXXX")    # mode 700: the credential files below stay private

# curl reads credentials from config files in $work rather than its arguments, which the process list shows.
curl_quote() { local s=${1//\\/\\\\}; printf '%s' "${s//\"/\\\"}"; }
printf 'user = "%s"\n' "$(curl_quote "$admin_user:$password")" > "$work/admin.curl"
unset password

smoke_id="smoke-$(date -u +%Y%m%dT%H%M%SZ)-$RANDOM$RANDOM"
forged_address=192.0.2.1    # TEST-NET-1 (RFC 5737): never a real caller

passed=0 failed=0 skipped=0
ok()   { printf 'ok   %s: %s\n' "$1" "$2"; passed=$((passed + 1)); }
fail() { printf 'FAIL %s: %s\n' "$1" "$2"; failed=$((failed + 1)); }
skip() { printf 'skip %s: %s\n' "$1" "$2"; skipped=$((skipped + 1)); }
note() { printf 'note %s: %s\n' "$1" "$2"; }

# ---------------------------------------------------------------------------------------------------------------
# HTTP and JSON helpers

# request NAME SECONDS CURL_ARGS...: one exchange with a time limit. The answer's body lands in $work/NAME.body and
# its headers in $work/NAME.headers (all of them, when redirects were followed). Sets $status (000: no answer),
# $redirects, $local_ip (this end of the connection) and $why (curl's error, if any).
request() {
  local name=$1 seconds=$2 out
  shift 2
  out=$(curl --silent --show-error --connect-timeout 10 --max-time "$seconds" --user-agent "RecordingFunctions-smoke" \
    --output "$work/$name.body" --dump-header "$work/$name.headers" \
    --write-out '%{http_code} %{num_redirects} %{local_ip}' "$@" 2> "$work/$name.err")
  read -r status redirects local_ip <<< "$out"
  why=$(tr -d '\r' < "$work/$name.err" | tail -n 1)
}

# watch_get NAME PATH [CURL_ARGS...]: a GET as the watch sends it (no authentication).
watch_get() { local name=$1 path=$2; shift 2; request "$name" 30 "$@" "$base$path"; }

# admin NAME METHOD PATH [CURL_ARGS...]: the management API with Basic auth. Changes carry what the gate asks of
# the admin page: an X-Requested-With header and the app's own Origin.
admin() {
  local name=$1 method=$2 path=$3
  shift 3
  local change=()
  if [ "$method" != GET ]; then
    change=(--header "X-Requested-With: RecordingFunctions-smoke" --header "Origin: $origin")
  fi
  request "$name" 60 --config "$work/admin.curl" --request "$method" "${change[@]}" "$@" "$base/manage/api/$path"
}

# answer NAME: what came back, for a FAIL line.
answer() {
  if [ "$status" = 000 ]; then
    printf 'no answer (%s)' "${why:-curl failed}"
  else
    printf 'HTTP %s %s' "$status" "$(head -c 300 "$work/$1.body" | tr -d '\r\n')"
  fi
}

# json FILE EXPRESSION [ARGS...]: a Python expression over the parsed JSON `d` (arguments as `a`); prints the
# value (lists and objects as JSON), or nothing when the file is not JSON or the expression fails.
json() {
  python3 - "$@" 2>/dev/null <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
value = eval(sys.argv[2], {"d": d, "a": sys.argv[3:]})
if value is not None:
    print(json.dumps(value) if isinstance(value, (dict, list, bool)) else value)
PY
}

# header NAME FILE: the value of the last such header in a dump (the final answer after redirects).
header() { tr -d '\r' < "$2" | grep -i "^$1:" | tail -n 1 | cut -d: -f2- | sed 's/^ //'; }

is_2xx() { [[ $status == 2?? ]]; }

# ---------------------------------------------------------------------------------------------------------------
# Cleanup: runs on every exit, so what the smoke created is deleted also after a failed step or Ctrl-C.

asked_to_pair=false pending_request="" granted=false device_id="" set_uuid="" added_model="" admin_ok=false
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$set_uuid" ]; then
    admin cleanup-set DELETE "recordings/$set_uuid"
    if is_2xx; then ok cleanup-set "deleted set $set_uuid (files and zip)"; else fail cleanup-set "set $set_uuid: $(answer cleanup-set)"; fi
  fi
  if [ -n "$device_id" ]; then
    # The first DELETE revokes (the device stays listed as revoked), the second removes it from the list.
    admin cleanup-device DELETE "devices/$device_id"
    if is_2xx; then admin cleanup-device DELETE "devices/$device_id"; fi
    if is_2xx; then ok cleanup-device "revoked and removed device $smoke_id"; else fail cleanup-device "device $smoke_id: $(answer cleanup-device)"; fi
  elif [ -n "$pending_request" ]; then
    admin cleanup-request POST "pairing/requests/$pending_request/deny"
    if is_2xx; then ok cleanup-request "denied pairing request $smoke_id"; else fail cleanup-request "request $smoke_id: $(answer cleanup-request)"; fi
  elif $asked_to_pair && ! $admin_ok; then
    note cleanup-request "not signed in: the pairing request $smoke_id stays pending until it lapses (pairing_request_lifetime_minutes)"
  fi
  if [ -n "$added_model" ]; then
    admin cleanup-model DELETE "models/$added_model"
    if is_2xx; then ok cleanup-model "deleted test model $added_model"; else fail cleanup-model "model $added_model: $(answer cleanup-model)"; fi
  fi
  rm -rf "$work"
  printf 'smoke: %d ok, %d failed' "$passed" "$failed"
  [ "$skipped" -eq 0 ] || printf ', %d skipped' "$skipped"
  printf ' (%s)\n' "$base"
  exit $(( failed > 0 ))
}
trap cleanup EXIT
trap 'echo; fail interrupted "stopped by a signal"; exit' INT TERM

echo "smoke: $base as $admin_user, watch $smoke_id"

# ---------------------------------------------------------------------------------------------------------------
# 1. Health: the app runs and reaches its storage.

request health 30 "$base/health"
if [ "$status" = 200 ]; then ok health "GET /health 200"; else fail health "$(answer health)"; fi
if [ "$status" = 000 ]; then
  echo "smoke: no answer from $base at all; nothing further to check"
  exit 1
fi

# 2. The admin password, checked once: every wrong attempt lengthens the sign-in cool-down, so after a refusal no
#    further admin request is sent.

admin sign-in GET "pairing/requests"
if [ "$status" = 200 ]; then
  admin_ok=true
  ok sign-in "management API accepts $admin_user"
else
  fail sign-in "$(answer sign-in)"
fi

# 3. Pairing, as a watch does it: ask, the admin grants, ask again for the token.

watch_get pairing-request "/tokenauth/request/?identifier=$smoke_id"
asked_to_pair=true
pair_status=$(json "$work/pairing-request.body" 'd["status"]')
if [ "$status" = 200 ] && [ "$pair_status" = new ]; then
  ok pairing-request "GET /tokenauth/request/ answered \"new\""
else
  fail pairing-request "$(answer pairing-request)"
fi

# A watch whose server name ends in '/' sends //tokenauth/request/. Whether that reaches the app depends on the host
# in front of it, so this is a fact to report, not a verdict.
watch_get double-slash "//tokenauth/request/?identifier=$smoke_id"
if [ "$status" = 200 ] && [ "$(json "$work/double-slash.body" 'd["status"]')" = pending ]; then
  note double-slash "//tokenauth/request/ reaches the app here (answered \"pending\"): a server name ending in '/' works on this deployment"
elif [ "$status" = 404 ]; then
  note double-slash "//tokenauth/request/ gets 404 before the app (as on the real Functions host): watches must have the server name WITHOUT a trailing slash, or they can never pair, upload or fetch a model"
else
  note double-slash "//tokenauth/request/: $(answer double-slash)"
fi

if $admin_ok; then
  admin pairing-list GET "pairing/requests"
  pending_request=$(json "$work/pairing-list.body" 'next((r["id"] for r in d if r["identifier"] == a[0]), None)' "$smoke_id")
  if [ -z "$pending_request" ]; then
    fail pairing-grant "no pending request for $smoke_id in GET manage/api/pairing/requests: $(answer pairing-list)"
  else
    admin pairing-grant POST "pairing/requests/$pending_request/grant"
    grant_local_ip=$local_ip
    if is_2xx; then
      granted=true
      ok pairing-grant "granted request $pending_request as admin"
    else
      fail pairing-grant "$(answer pairing-grant)"
    fi
  fi
else
  skip pairing-grant "not signed in"
fi

token=""
if $granted; then
  watch_get pairing-token "/tokenauth/request/?identifier=$smoke_id"
  token=$(json "$work/pairing-token.body" 'd["token"] if d["status"] == "grant" else None')
  if [ -n "$token" ]; then
    printf 'header = "Authorization: Bearer %s"\n' "$(curl_quote "$token")" > "$work/watch.curl"
    ok pairing-token "the watch got its token (status \"grant\")"
  else
    fail pairing-token "$(answer pairing-token)"
  fi
  # Whatever the watch got, a handed-out grant made a device: find it, so that cleanup revokes it.
  admin devices GET "devices"
  device_id=$(json "$work/devices.body" 'next((r["id"] for r in d if r["identifier"] == a[0]), None)' "$smoke_id")
  if [ -n "$device_id" ]; then
    pending_request=""
  elif [ -n "$token" ]; then
    fail pairing-device "$smoke_id is not among the paired devices: $(answer devices)"
  fi
else
  skip pairing-token "no granted request"
fi

# 4. A recording set with two uploads, framed as OkHttp frames them: the body's Content-Length (no chunking, no
#    Expect: 100-continue) and a Content-Length on the part. 1 MiB goes up in one Put Blob, 64 MiB streams through.

if [ -n "$token" ]; then
  request new-set 30 --config "$work/watch.curl" "$base/recording/new/"
  set_uuid=$(json "$work/new-set.body" 'd["uuid"] if d["status"] == "success" else None')
  if [ "$status" = 200 ] && [ -n "$set_uuid" ]; then ok new-set "GET /recording/new/ gave set $set_uuid"; else set_uuid=""; fail new-set "$(answer new-set)"; fi
else
  skip new-set "no token"
fi

declare -A upload_bytes=([smoke-1MiB.csv]=$((1024 * 1024)) [smoke-64MiB.csv]=$((64 * 1024 * 1024)))
uploaded=()
for file in smoke-1MiB.csv smoke-64MiB.csv; do
  step="upload-${file#smoke-}"; step=${step%.csv}
  if [ -z "$set_uuid" ]; then skip "$step" "no set"; continue; fi
  bytes=${upload_bytes[$file]}
  head -c "$bytes" /dev/urandom > "$work/$file"
  started=$(date +%s.%N)
  request "$step" "$upload_seconds" --config "$work/watch.curl" --header "Expect:" \
    --form "file=@$work/$file;filename=$file;type=text/csv;headers=\"Content-Length: $bytes\"" \
    "$base/recording/new/?uuid=$set_uuid"
  seconds=$(python3 -c 'import sys, time; print(f"{time.time() - float(sys.argv[1]):.1f}")' "$started")
  if is_2xx; then
    ok "$step" "POST /recording/new/ $file ($bytes bytes) answered $status in $seconds s"
    uploaded+=("$file")
  else
    fail "$step" "$file after $seconds s: $(answer "$step")"
  fi
done

# 5. What was stored: each file's size and CRC-32 as the management API reports them.

if [ ${#uploaded[@]} -gt 0 ] && $admin_ok; then
  admin stored GET "recordings/$set_uuid"
  problems=""
  for file in "${uploaded[@]}"; do
    expected_crc=$(python3 -c 'import sys, zlib; print(format(zlib.crc32(open(sys.argv[1], "rb").read()), "08x"))' "$work/$file")
    stored=$(json "$work/stored.body" 'next(("%s %s" % (f["size"], f["crc32"]) for f in d["files"] if f["name"] == a[0]), "missing")' "$file")
    [ "$stored" = "${upload_bytes[$file]} $expected_crc" ] || problems+=" $file: stored '$stored', sent '${upload_bytes[$file]} $expected_crc';"
  done
  if [ "$status" = 200 ] && [ -z "$problems" ]; then
    ok stored "GET manage/api/recordings/{uuid} lists ${uploaded[*]} with the sizes and CRC-32 sent"
  else
    fail stored "${problems:-$(answer stored)}"
  fi
else
  skip stored "nothing uploaded or not signed in"
fi

# 6. The set's zip: composed in the background after each upload. Wait until the set reports an archive larger than
#    the files together (each file in it, uncompressed), then download it (large zips redirect to a read link) and
#    check it lists both files and passes `unzip -t`.

if [ ${#uploaded[@]} -eq 2 ] && $admin_ok; then
  total=$(( upload_bytes[smoke-1MiB.csv] + upload_bytes[smoke-64MiB.csv] ))
  deadline=$(( $(date +%s) + zip_seconds ))
  waited_from=$(date +%s)
  zip_result="no zip with both files after ${zip_seconds} s"
  while [ "$(date +%s)" -lt "$deadline" ]; do
    admin zip-poll GET "recordings/$set_uuid"
    archive_size=$(json "$work/zip-poll.body" '(d.get("archive") or {}).get("size")')
    if [ -n "$archive_size" ] && [ "$archive_size" -gt "$total" ]; then
      admin zip GET "recordings/$set_uuid/zip" --location --header "X-Forwarded-For: $forged_address"
      zip_local_ip=$local_ip
      if [ "$status" = 200 ]; then
        listing=$(unzip -Z1 "$work/zip.body" 2>&1 | sort | tr '\n' ' ')
        if [ "$listing" = "smoke-1MiB.csv smoke-64MiB.csv " ]; then
          if unzip -tq "$work/zip.body" > "$work/unzip.out" 2>&1; then
            tested=$(sed "s|$work/zip.body|the zip|" "$work/unzip.out")
            via="streamed through the app"
            [ "$redirects" -gt 0 ] && via="through a redirect to a read link"
            zip_result=""
            ok zip "after $(( $(date +%s) - waited_from )) s: $(stat -c %s "$work/zip.body") bytes $via, lists both files, unzip -t: $tested"
          else
            zip_result="unzip -t: $(tr '\n' ' ' < "$work/unzip.out")"
          fi
          break
        fi
        zip_result="the zip lists '$listing'"
      else
        zip_result="download: $(answer zip)"
      fi
    fi
    sleep 2
  done
  [ -z "$zip_result" ] || fail zip "$zip_result"
else
  skip zip "not both files uploaded, or not signed in"
fi

# 7. The model endpoints. With no model at all, they answer 404, and the smoke adds a tiny test model of its own
#    (deleted at cleanup) so the watch's download is checked too. A study's own models are only read.

model_bytes=""
if $admin_ok; then
  admin models GET "models"
  model_count=$(json "$work/models.body" 'len(d)')
  if [ "$status" = 200 ] && [ "$model_count" = 0 ]; then
    none=""
    for path in check/latest get/latest get/settings; do
      watch_get model-none "/tfmodel/$path/"
      none+="$status "
    done
    if [ "$none" = "404 404 404 " ]; then ok model-none "no model yet: /tfmodel/check/latest/, get/latest/, get/settings/ answer 404"; else fail model-none "with no model, answers $none"; fi
    candidate=${smoke_id//[^A-Za-z0-9]/_}    # a model name has only letters, digits, '-' and '_'
    head -c 2048 /dev/urandom > "$work/model.tflite"
    printf '%s' '{"frame_size": 150, "positive_prediction_time": 10, "positive_prediction_counter": 3, "notification_cool_down": 30, "required_sensors": [1, 4]}' > "$work/model.json"
    admin model-add POST "models" --form "model=@$work/model.tflite;filename=$candidate.tflite;type=application/octet-stream" \
      --form "settings=<$work/model.json;type=application/json"
    if [ "$status" = 201 ]; then
      added_model=$candidate
      model_bytes="$work/model.tflite"
      ok model-add "no model was there: added test model $candidate.tflite (deleted at cleanup)"
    else
      fail model-add "$(answer model-add)"
    fi
  elif [ "$status" = 200 ]; then
    note models "the deployment has $model_count model(s) of its own: checking the active one, adding none"
  else
    fail models "$(answer models)"
  fi
fi

watch_get model-check "/tfmodel/check/latest/"
active_file=$(json "$work/model-check.body" 'd["activeModel"]')
if [ "$status" = 404 ] && [ -z "$added_model" ]; then
  watch_get model-latest "/tfmodel/get/latest/"; latest_status=$status
  watch_get model-settings "/tfmodel/get/settings/"
  if [ "$latest_status $status" = "404 404" ]; then ok model "no active model: all three model endpoints answer 404"; else fail model "check/latest 404, but get/latest $latest_status, get/settings $status"; fi
elif [ "$status" = 200 ] && [ -n "$active_file" ]; then
  if [ -z "$added_model" ] || [ "$active_file" = "$added_model.tflite" ]; then
    ok model-check "/tfmodel/check/latest/ names $active_file"
  else
    fail model-check "names $active_file, not the test model $added_model.tflite"
  fi
  # The watch parses this header with a regular expression: exactly "attachment; filename=<name>.<ext>".
  watch_get model-latest "/tfmodel/get/latest/"
  disposition=$(header Content-Disposition "$work/model-latest.headers")
  if [ "$status" != 200 ]; then
    fail model-latest "$(answer model-latest)"
  elif [ "$disposition" != "attachment; filename=$active_file" ]; then
    fail model-latest "Content-Disposition is '$disposition', not 'attachment; filename=$active_file'"
  elif [ -n "$model_bytes" ] && ! cmp -s "$model_bytes" "$work/model-latest.body"; then
    fail model-latest "the served bytes differ from the test model added"
  else
    ok model-latest "/tfmodel/get/latest/ sends $(stat -c %s "$work/model-latest.body") bytes with Content-Disposition: $disposition"
  fi
  watch_get model-settings "/tfmodel/get/settings/"
  disposition=$(header Content-Disposition "$work/model-settings.headers")
  settings_file="${active_file%%.*}.json"
  if [ "$status" != 200 ]; then
    fail model-settings "$(answer model-settings)"
  elif [ "$disposition" != "attachment; filename=$settings_file" ]; then
    fail model-settings "Content-Disposition is '$disposition', not 'attachment; filename=$settings_file'"
  elif [ -z "$(json "$work/model-settings.body" 'd["frame_size"]')" ]; then
    fail model-settings "the settings are not JSON with frame_size: $(head -c 200 "$work/model-settings.body")"
  else
    ok model-settings "/tfmodel/get/settings/ sends JSON settings with Content-Disposition: $disposition"
  fi
else
  fail model-check "$(answer model-check)"
fi

# 8. The client address the app sees, read from the audit log entries of the smoke's own admin actions. Behind Azure's
#    front end the app should see the caller's public address; under the Functions host the worker sees whatever
#    the host passes on. The zip download also carried a made-up X-Forwarded-For: if the app reports that address,
#    nothing in front of it replaces or appends to the header, and a caller could dodge the sign-in cool-down.

if $admin_ok && $granted; then
  admin audit GET "audit?limit=50&search=$smoke_id"
  seen=$(json "$work/audit.body" 'next((e["source"] for e in d if e["action"] == "grant" and a[0] in e["detail"]), None)' "$smoke_id")
  case "$base_host" in
    127.*|localhost|::1|\[::1\]) own="$grant_local_ip (loopback: the address the app should see)" ;;
    *) own="$grant_local_ip on this machine's side of the connection; its public address (what Azure sees behind NAT) cannot be known without an outside service" ;;
  esac
  if [ -n "$seen" ]; then
    note client-address "the app saw the grant come from $seen; this script is $own"
  else
    fail client-address "no audit entry for the grant of $smoke_id: $(answer audit)"
  fi
else
  skip client-address "no grant by the smoke to look up"
fi
if $admin_ok && [ -n "${zip_local_ip:-}" ]; then
  admin audit-zip GET "audit?limit=50&search=$set_uuid"
  seen=$(json "$work/audit-zip.body" 'next((e["source"] for e in d if e["action"] == "zip downloaded"), None)')
  if [ "$seen" = "$forged_address" ]; then
    note forwarded-for "the zip download sent X-Forwarded-For: $forged_address and the app took it as the caller: nothing in front of the app sets that header (a caller could dodge the sign-in cool-down)"
  elif [ -n "$seen" ]; then
    note forwarded-for "the zip download sent X-Forwarded-For: $forged_address; the app saw $seen: the header is replaced or appended to in front of the app"
  else
    fail forwarded-for "no audit entry for the zip download of $set_uuid: $(answer audit-zip)"
  fi
else
  skip forwarded-for "no zip download by the smoke to look up"
fi
# The EXIT trap cleans up and prints the verdict.
