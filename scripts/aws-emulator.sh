#!/usr/bin/env bash
# aws-emulator.sh — start the local AWS emulator (moto server) that `npm test`,
# `npm start` and CI talk to, installing moto first when the machine lacks it.
#
# Usage:
#   scripts/aws-emulator.sh [--port N] [--timeout S] [--log FILE|-]
#                           [--background [--pid-file FILE]] [--pid-file FILE]
#   scripts/aws-emulator.sh --install-only
#   scripts/aws-emulator.sh --stop (--port N | --pid-file FILE)
#   scripts/aws-emulator.sh --sid-source
#
# Modes
#   (default, or --foreground)
#                   Foreground. Installs moto if needed, starts it on 127.0.0.1,
#                   waits until it answers HTTP, then prints the endpoint
#                   (e.g. `http://127.0.0.1:41234`) as the ONLY line on stdout and
#                   keeps running until moto exits or the script gets
#                   SIGTERM/SIGINT/SIGHUP (then it stops moto and exits). It also
#                   stops moto when the process that started it goes away, so a
#                   crashed caller leaves no stray server.
#                   Meant for callers that own the process, e.g. Node:
#                     spawn('bash', [script], { detached: true }) -> read the first
#                     stdout line -> later process.kill(-child.pid, 'SIGTERM')
#                   (harness/emulator.ts does exactly that).
#   --background    Same start-up, but moto is detached (own session, stdin closed,
#                   output to the log): prints the endpoint, writes moto's pid to
#                   --pid-file (default .cache/moto/run/moto-PORT.pid) and exits 0.
#                   For shell scripts / CI:
#                     endpoint=$(scripts/aws-emulator.sh --background --port 5000)
#                     ...; scripts/aws-emulator.sh --stop --port 5000
#   --install-only  Only makes sure a usable moto exists and prints, on stdout, the
#                   command that runs it; append `-H 127.0.0.1 -p PORT` yourself, e.g.
#                     env PYTHONPATH=/…/.cache/moto/root/usr/lib/python3/dist-packages /usr/bin/python3 -m moto.server
#   --stop          Sends SIGTERM to the pid recorded by --background.
#   --sid-source    Prints the apt source line step 2b uses (below) and exits.
#
# Exit status: 0 after a stop by SIGTERM/SIGINT/SIGHUP (or when --background,
# --install-only, --stop succeed), moto's own status if it dies by itself, 1 on any
# failure to install or start (with a message on stderr), 2 on a usage error.
# Everything but the endpoint / command line goes to stderr, prefixed
# `aws-emulator:`; moto's own request log goes to a file
# (.cache/moto/logs/moto-PORT.log, see --log), whose tail is shown when the server
# fails to come up or dies.
#
# Options and environment
#   --port N / MOTO_PORT        port to listen on (default: a free port)
#   --timeout S / ECR_GUARD_EMULATOR_TIMEOUT
#                               seconds to wait for the server to answer (default 60)
#   --log FILE|-                moto's output; `-` = this script's stderr
#   ECR_GUARD_CACHE             cache root (default: <repo>/.cache, git-ignored);
#                               moto lives in $ECR_GUARD_CACHE/moto
#   ECR_GUARD_APT_ETC           apt's configuration folder read for the mirror
#                               (default /etc/apt)
#   ECR_GUARD_MOTO=auto|installed|debian
#                               auto (default): installed moto if usable, else the
#                               Debian recipe; `installed`: never install;
#                               `debian`: always use the recipe (to test it)
#
# Which moto (moto >= 5.2 only: 5.1 returns timestamps the current AWS SDK rejects)
#   1. an installed one: the Python behind `moto_server` on PATH, then `python3`,
#      then /usr/bin/python3 — whichever imports moto.server at version >= 5.2;
#   2. else, on Debian (root needed only while system packages are missing):
#      a. apt-get install the dependencies bookworm packages well enough
#         (flask, werkzeug, cryptography, …) — skipped when already installed;
#      b. moto and the pure-Python AWS libraries (boto3, botocore, s3transfer,
#         jsonpath-ng) are *downloaded* from Debian unstable (sid) through a private
#         apt configuration under $ECR_GUARD_CACHE/moto (the system's sources, lists
#         and caches are left alone) and unpacked with `dpkg -x` into
#         $ECR_GUARD_CACHE/moto/root — nothing of them is installed system-wide;
#         sid is taken from the mirror the machine's own apt uses (its first Debian
#         source that is not a security one, in /etc/apt/sources.list.d/*.sources or
#         *.list, then /etc/apt/sources.list; ECR_GUARD_APT_ETC reads another folder),
#         with the same Signed-By keyring, so a local or corporate mirror works too;
#      c. run: PYTHONPATH=<that root>/usr/lib/python3/dist-packages /usr/bin/python3 -m moto.server
#      Always Debian's /usr/bin/python3: the python3-* packages are built for it
#      (a pyenv `python3` on PATH does not see them).
#   3. else: a message saying how to install moto, exit 1.
#   Delete $ECR_GUARD_CACHE/moto to redo step 2b (e.g. to pick up a newer moto).
set -euo pipefail

readonly SCRIPT_NAME=aws-emulator
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly CACHE_DIR="${ECR_GUARD_CACHE:-$REPO_ROOT/.cache}/moto"
readonly APT_ETC="${ECR_GUARD_APT_ETC:-/etc/apt}"
# Bookworm has these in versions moto 5.2 works with.
readonly APT_DEPS=(
  python3-flask python3-flask-cors python3-cryptography python3-jinja2 python3-requests
  python3-werkzeug python3-xmltodict python3-dateutil python3-yaml python3-jmespath
  python3-urllib3 python3-six python3-responses python3-ply python3-pyparsing
  python3-multipart
)
# Pure-Python packages taken from sid (bookworm's are too old or missing).
readonly SID_DEBS=(python3-moto python3-boto3 python3-botocore python3-s3transfer python3-jsonpath-ng)
readonly MIN_MOTO='5.2'

log() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}
usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit "${1:-2}"
}

mode=run
port="${MOTO_PORT:-}"
timeout="${ECR_GUARD_EMULATOR_TIMEOUT:-60}"
log_file=''
pid_file=''
while (($#)); do
  case "$1" in
    --port)
      (($# >= 2)) || usage
      port="$2"
      shift 2
      ;;
    --port=*)
      port="${1#*=}"
      shift
      ;;
    --timeout)
      (($# >= 2)) || usage
      timeout="$2"
      shift 2
      ;;
    --log)
      (($# >= 2)) || usage
      log_file="$2"
      shift 2
      ;;
    --pid-file)
      (($# >= 2)) || usage
      pid_file="$2"
      shift 2
      ;;
    --background) mode=background && shift ;;
    --foreground) mode=run && shift ;;
    --install-only) mode=install && shift ;;
    --stop) mode=stop && shift ;;
    --sid-source) mode=sid-source && shift ;;
    -h | --help) usage 0 ;;
    *)
      log "unknown argument: $1"
      usage
      ;;
  esac
done
if [[ -n "$port" ]] && { [[ ! "$port" =~ ^[0-9]{1,5}$ ]] || ((10#$port < 1 || 10#$port > 65535)); }; then
  die "--port/MOTO_PORT must be a port number (1-65535), got '$port'"
fi
[[ "$timeout" =~ ^[0-9]+$ ]] || die "--timeout must be a whole number of seconds, got '$timeout'"

default_pid_file() { printf '%s/run/moto-%s.pid' "$CACHE_DIR" "$1"; }

# The machine's Debian mirror, as "URI<TAB>KEYRING" (KEYRING may be empty): the first
# source of type deb, not a security one, in apt's deb822 files, then its one-line files.
system_debian_mirror() {
  local file
  shopt -s nullglob
  for file in "$APT_ETC"/sources.list.d/*.sources; do
    # deb822 stanzas, separated by blank lines; fields are case-insensitive.
    awk '
      function flush() {
        if (enabled && types ~ /(^|[ \t])deb([ \t]|$)/ && uris != "" && suites !~ /-security/ && uris !~ /security/) {
          split(uris, u, /[ \t]+/); printf "%s\t%s\n", u[1], signed; found = 1; exit
        }
        types = ""; uris = ""; suites = ""; signed = ""; enabled = 1
      }
      BEGIN { enabled = 1 }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      # A continuation line (an inline Signed-By key): not a field.
      /^[ \t]/ { next }
      {
        line = $0; key = tolower(line); sub(/:.*/, "", key); value = line; sub(/^[^:]*:[ \t]*/, "", value)
        if (key == "types") types = value
        else if (key == "uris") uris = value
        else if (key == "suites") suites = value
        else if (key == "signed-by") signed = value
        else if (key == "enabled" && tolower(value) == "no") enabled = 0
      }
      END { if (!found) flush() }
    ' "$file" | head -n 1 | grep . && { shopt -u nullglob; return 0; }
  done
  for file in "$APT_ETC"/sources.list.d/*.list "$APT_ETC"/sources.list; do
    [[ -f "$file" ]] || continue
    # deb [options] URI suite components…
    awk '
      /^[ \t]*deb[ \t]/ {
        signed = ""; i = 2
        if ($2 ~ /^\[/) {
          for (; i <= NF; i++) {
            if ($i ~ /^\[?signed-by=/) { signed = $i; sub(/^\[?signed-by=/, "", signed); sub(/\]$/, "", signed) }
            if ($i ~ /\]$/) { i++; break }
          }
        }
        if ($(i + 1) ~ /-security/ || $i ~ /security/) next
        printf "%s\t%s\n", $i, signed; exit
      }
    ' "$file" | head -n 1 | grep . && { shopt -u nullglob; return 0; }
  done
  shopt -u nullglob
  return 1
}

# The one-line apt source of Debian unstable on the machine's own mirror.
sid_source() {
  local mirror uri keyring
  mirror="$(system_debian_mirror)" ||
    die "no Debian source found in $APT_ETC (sources.list.d/*.sources, *.list, sources.list) to take the mirror from; install moto another way: pip install \"moto[server]>=$MIN_MOTO\""
  uri="${mirror%%$'\t'*}"
  keyring="${mirror#*$'\t'}"
  if [[ -n "$keyring" && "$keyring" != "$mirror" ]]; then
    printf 'deb [signed-by=%s] %s sid main\n' "$keyring" "$uri"
  else
    printf 'deb %s sid main\n' "$uri"
  fi
}

if [[ "$mode" == sid-source ]]; then
  sid_source
  exit 0
fi

if [[ "$mode" == stop ]]; then
  if [[ -z "$pid_file" ]]; then
    [[ -n "$port" ]] || die '--stop needs --port N or --pid-file FILE'
    pid_file="$(default_pid_file "$port")"
  fi
  [[ -f "$pid_file" ]] || die "no pid file $pid_file (nothing started with --background?)"
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    log "stopped moto (pid $pid)"
  else
    log "moto (pid $pid) was not running"
  fi
  rm -f "$pid_file"
  exit 0
fi

# ---------------------------------------------------------------- resolve moto
# After resolve_moto: MOTO_PY (interpreter) and MOTO_PYTHONPATH (may be empty).
MOTO_PY=''
MOTO_PYTHONPATH=''
MOTO_VERSION=''

# Prints moto's version and succeeds when $1 (with PYTHONPATH=$2) imports
# moto.server at version >= MIN_MOTO.
check_moto() {
  local py="$1" pypath="${2:-}" out rc=0
  [[ -x "$py" ]] || command -v "$py" >/dev/null 2>&1 || return 1
  out="$(PYTHONPATH="$pypath" "$py" - "$MIN_MOTO" 2>&1 <<'PY'
import re, sys
try:
    import moto, moto.server  # noqa: F401
except Exception as exc:  # a broken install is as good as none
    print(f"cannot import moto.server: {exc}")
    sys.exit(2)
want = tuple(int(x) for x in sys.argv[1].split("."))
got = re.match(r"(\d+)\.(\d+)", moto.__version__)
print(moto.__version__)
sys.exit(0 if got and (int(got[1]), int(got[2])) >= want else 3)
PY
)" || rc=$?
  out="$(printf '%s' "$out" | tail -n 1)"
  case "$rc" in
    0) MOTO_VERSION="$out" ;;
    3) log "ignoring moto $out at $py: need >= $MIN_MOTO (older ones return timestamps the AWS SDK rejects)" ;;
  esac
  return "$rc"
}

# The interpreter behind the `moto_server` on PATH (through a pyenv shim too).
moto_server_python() {
  local exe line interp
  exe="$(command -v moto_server 2>/dev/null)" || return 1
  if [[ "$exe" == */shims/moto_server ]] && command -v pyenv >/dev/null 2>&1; then
    exe="$(pyenv which moto_server 2>/dev/null)" || return 1
  fi
  IFS= read -r line <"$exe" || return 1
  [[ "$line" == '#!'* ]] || return 1
  line="${line#\#!}"
  read -r -a interp <<<"$line"
  if [[ "${interp[0]:-}" == */env ]]; then interp=("${interp[@]:1}"); fi
  [[ "${interp[0]:-}" == *python* ]] || return 1
  printf '%s\n' "${interp[0]}"
}

find_installed_moto() {
  local candidates=() py seen=' '
  py="$(moto_server_python)" && candidates+=("$py")
  command -v python3 >/dev/null 2>&1 && candidates+=("$(command -v python3)")
  candidates+=(/usr/bin/python3)
  for py in "${candidates[@]}"; do
    [[ "$seen" == *" $py "* ]] && continue
    seen+="$py "
    if check_moto "$py" ''; then
      MOTO_PY="$py"
      MOTO_PYTHONPATH=''
      return 0
    fi
  done
  return 1
}

readonly RECIPE_ROOT="$CACHE_DIR/root"
readonly RECIPE_SITE="$RECIPE_ROOT/usr/lib/python3/dist-packages"
readonly RECIPE_MARKER="$CACHE_DIR/.installed"

missing_apt_deps() {
  local pkg status
  for pkg in "${APT_DEPS[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    [[ "$status" == installed ]] || printf '%s\n' "$pkg"
  done
}

install_apt_deps() {
  local missing=() pkg need_update=0
  mapfile -t missing < <(missing_apt_deps)
  ((${#missing[@]})) || return 0
  if [[ "$(id -u)" != 0 ]]; then
    die "moto needs these Debian packages, which only root can install: ${missing[*]}
  run: sudo apt-get install -y --no-install-recommends ${missing[*]}
  or install moto another way: pip install \"moto[server]>=$MIN_MOTO\""
  fi
  log "installing Debian packages: ${missing[*]}"
  for pkg in "${missing[@]}"; do
    apt-cache show "$pkg" >/dev/null 2>&1 || need_update=1
  done
  if ((need_update)); then
    log 'apt-get update (package lists are missing or stale)'
    apt-get update >&2 || die 'apt-get update failed'
  fi
  local apt_install=(apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}")
  if ! DEBIAN_FRONTEND=noninteractive "${apt_install[@]}" >&2; then
    # Stale lists make the mirror answer 404: refresh once and retry.
    log 'apt-get install failed; refreshing package lists and retrying once'
    apt-get update >&2 || die 'apt-get update failed'
    DEBIAN_FRONTEND=noninteractive "${apt_install[@]}" >&2 || die "apt-get install ${missing[*]} failed"
  fi
}

# Downloads the sid .debs with a private apt configuration and unpacks them.
fetch_sid_debs() {
  local apt_opts=(
    -o "Dir::Etc::sourcelist=$CACHE_DIR/sources.list"
    -o Dir::Etc::sourceparts=/dev/null
    -o Dir::Etc::preferences=/dev/null
    -o Dir::Etc::preferencesparts=/dev/null
    -o "Dir::State::Lists=$CACHE_DIR/lists"
    -o "Dir::Cache=$CACHE_DIR/apt-cache"
    # The cache dir belongs to whoever runs this; apt's `_apt` sandbox user may not
    # be able to write there (then apt warns and downloads as root anyway).
    -o "APT::Sandbox::User=$(id -un)"
    -o Acquire::Languages=none
    -o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false
  )
  rm -rf "$CACHE_DIR/debs" "$CACHE_DIR/root.tmp" "$RECIPE_ROOT"
  mkdir -p "$CACHE_DIR/lists/partial" "$CACHE_DIR/apt-cache/archives/partial" "$CACHE_DIR/debs" "$CACHE_DIR/root.tmp"
  sid_source >"$CACHE_DIR/sources.list"
  log "Debian unstable from the machine's mirror: $(cat "$CACHE_DIR/sources.list")"
  log "downloading ${SID_DEBS[*]} from Debian unstable into $CACHE_DIR"
  apt-get "${apt_opts[@]}" update >&2 || die "apt-get update of the private sid source failed (see above)"
  (cd "$CACHE_DIR/debs" && apt-get "${apt_opts[@]}" download "${SID_DEBS[@]}" >&2) ||
    die "apt-get download ${SID_DEBS[*]} from sid failed (see above)"
  local deb
  for deb in "$CACHE_DIR"/debs/*.deb; do
    dpkg -x "$deb" "$CACHE_DIR/root.tmp" || die "dpkg -x $deb failed"
  done
  mv "$CACHE_DIR/root.tmp" "$RECIPE_ROOT"
}

install_with_debian_recipe() {
  mkdir -p "$CACHE_DIR"
  # One installer at a time (e.g. `npm test` and `npm start` started together).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE_DIR/.install.lock"
    if ! flock -n 9; then
      log "waiting for another aws-emulator install to finish ($CACHE_DIR/.install.lock)"
      flock 9
    fi
  fi
  local started=$SECONDS
  install_apt_deps
  if [[ ! -f "$RECIPE_MARKER" ]] || ! check_moto /usr/bin/python3 "$RECIPE_SITE" 2>/dev/null; then
    rm -f "$RECIPE_MARKER"
    fetch_sid_debs
    check_moto /usr/bin/python3 "$RECIPE_SITE" ||
      die "the moto unpacked into $RECIPE_ROOT does not import with /usr/bin/python3 (see above)"
    (cd "$CACHE_DIR/debs" && ls -1 ./*.deb) >"$RECIPE_MARKER"
    # Only the unpacked root is needed from now on (the lists alone are ~25 MB).
    rm -rf "$CACHE_DIR/debs" "$CACHE_DIR/lists" "$CACHE_DIR/apt-cache"
    log "moto $MOTO_VERSION ready in $CACHE_DIR ($((SECONDS - started)) s)"
  fi
  if command -v flock >/dev/null 2>&1; then exec 9>&-; fi
  MOTO_PY=/usr/bin/python3
  MOTO_PYTHONPATH="$RECIPE_SITE"
}

how_to_install() {
  local why='it cannot be installed automatically here (needs Debian with apt-get)'
  [[ "${ECR_GUARD_MOTO:-auto}" != installed ]] || why='ECR_GUARD_MOTO=installed forbids installing it'
  die "no usable moto (>= $MIN_MOTO) found, and $why.
  Install it with one of:
    pip install \"moto[server]>=$MIN_MOTO\"          # then re-run; moto_server must be on PATH
    docker run --rm -p 5000:5000 motoserver/moto   # then export AWS_ENDPOINT_URL=http://127.0.0.1:5000
  (See the top of $0 for how it finds and installs moto.)"
}

can_use_debian_recipe() {
  [[ -f /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1
}

resolve_moto() {
  local source="${ECR_GUARD_MOTO:-auto}"
  case "$source" in
    auto | installed | debian) ;;
    *) die "ECR_GUARD_MOTO must be auto, installed or debian, got '$source'" ;;
  esac
  if [[ "$source" != debian ]] && find_installed_moto; then return 0; fi
  [[ "$source" != installed ]] || how_to_install
  can_use_debian_recipe || how_to_install
  if [[ ! -f "$RECIPE_MARKER" ]]; then
    local why="no installed moto >= $MIN_MOTO found"
    [[ "$source" != debian ]] || why='ECR_GUARD_MOTO=debian'
    log "$why; installing moto with the Debian recipe into $CACHE_DIR (under a minute, once)"
  fi
  install_with_debian_recipe
}

resolve_moto
log "using moto $MOTO_VERSION: ${MOTO_PYTHONPATH:+PYTHONPATH=$MOTO_PYTHONPATH }$MOTO_PY -m moto.server"

if [[ "$mode" == install ]]; then
  if [[ -n "$MOTO_PYTHONPATH" ]]; then
    printf 'env PYTHONPATH=%s %s -m moto.server\n' "$MOTO_PYTHONPATH" "$MOTO_PY"
  else
    printf '%s -m moto.server\n' "$MOTO_PY"
  fi
  exit 0
fi

# ---------------------------------------------------------------- start moto
free_port() {
  "$MOTO_PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Succeeds once http://127.0.0.1:$1/moto-api/ answers 200 (bash /dev/tcp: no curl needed).
answers() {
  local status
  status="$(
    {
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      printf 'GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
      IFS= read -r -t 2 line <&3 || exit 1
      printf '%s' "$line"
    } 2>/dev/null
  )" || return 1
  [[ "$status" =~ ^HTTP/1\.[01]\ 200 ]]
}

# Succeeds when something accepts TCP connections on 127.0.0.1:$1.
port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

moto_pid=''
stop_moto() {
  if [[ -n "$moto_pid" ]] && kill -0 "$moto_pid" 2>/dev/null; then
    kill -TERM "$moto_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$moto_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$moto_pid" 2>/dev/null || true
  fi
}

# Starts moto on $1, waits for it; returns 0 when it answers, 3 when it exited early
# (port taken?), 4 when the port is already in use, 1 on timeout. Sets moto_pid and
# current_log.
current_log=''
start_moto() {
  local p="$1" deadline
  # Else the check below could mistake whatever listens there for our moto.
  port_taken "$p" && return 4
  if [[ "$log_file" == - ]]; then
    current_log=''
  else
    current_log="${log_file:-$CACHE_DIR/logs/moto-$p.log}"
    mkdir -p "$(dirname "$current_log")"
    : >"$current_log"
  fi
  local cmd=(env PYTHONPATH="$MOTO_PYTHONPATH" "$MOTO_PY" -m moto.server -H 127.0.0.1 -p "$p")
  [[ -n "$MOTO_PYTHONPATH" ]] || cmd=("$MOTO_PY" -m moto.server -H 127.0.0.1 -p "$p")
  if [[ "$mode" == background ]]; then
    local detach=()
    command -v setsid >/dev/null 2>&1 && detach=(setsid)
    if [[ -n "$current_log" ]]; then
      nohup "${detach[@]}" "${cmd[@]}" </dev/null >>"$current_log" 2>&1 &
    else
      nohup "${detach[@]}" "${cmd[@]}" </dev/null >&2 &
    fi
  elif [[ -n "$current_log" ]]; then
    "${cmd[@]}" </dev/null >>"$current_log" 2>&1 &
  else
    "${cmd[@]}" </dev/null >&2 &
  fi
  moto_pid=$!
  deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    kill -0 "$moto_pid" 2>/dev/null || return 3
    answers "$p" && return 0
    sleep 0.2
  done
  return 1
}

show_log_tail() {
  [[ -n "$current_log" && -s "$current_log" ]] || return 0
  log "last lines of $current_log:"
  tail -n 25 "$current_log" | sed 's/^/    /' >&2
}

trap 'stop_moto' EXIT
# A requested stop is a clean stop (the EXIT trap stops moto).
trap 'exit 0' TERM INT HUP

mkdir -p "$CACHE_DIR/logs"
find "$CACHE_DIR/logs" -name 'moto-*.log' -mtime +2 -delete 2>/dev/null || true
attempts=1
[[ -n "$port" ]] || attempts=3
for ((attempt = 1; attempt <= attempts; attempt++)); do
  p="${port:-$(free_port)}"
  rc=0
  start_moto "$p" || rc=$?
  ((rc == 0)) && break
  if ((rc == 4)); then
    [[ -z "$port" && "$attempt" -lt "$attempts" ]] && continue
    die "port $p is already in use on 127.0.0.1 (another emulator? stop it, or pick another --port)"
  fi
  if ((rc == 3)); then
    wait "$moto_pid" 2>/dev/null || true
    if [[ -z "$port" && "$attempt" -lt "$attempts" ]] && grep -qi 'address already in use' "$current_log" 2>/dev/null; then
      log "port $p was taken meanwhile; trying another"
      continue
    fi
    show_log_tail
    die "moto exited before answering on 127.0.0.1:$p$(grep -qi 'address already in use' "$current_log" 2>/dev/null && printf ' (port %s is already in use)' "$p")"
  fi
  show_log_tail
  stop_moto
  die "moto did not answer on http://127.0.0.1:$p/moto-api/ within ${timeout}s"
done

endpoint="http://127.0.0.1:$p"
if [[ "$mode" == background ]]; then
  pid_file="${pid_file:-$(default_pid_file "$p")}"
  mkdir -p "$(dirname "$pid_file")"
  printf '%s\n' "$moto_pid" >"$pid_file"
  trap - EXIT
  log "ready at $endpoint (moto pid $moto_pid, pid file $pid_file, log ${current_log:-stderr}); stop with: $0 --stop --pid-file $pid_file"
  printf '%s\n' "$endpoint"
  exit 0
fi

if [[ -n "$pid_file" ]]; then
  mkdir -p "$(dirname "$pid_file")"
  printf '%s\n' "$moto_pid" >"$pid_file"
  trap 'stop_moto; rm -f "$pid_file"' EXIT
fi
log "ready at $endpoint (moto pid $moto_pid, log ${current_log:-stderr}); stop with SIGTERM to pid $$ or its process group"
printf '%s\n' "$endpoint"

# Stay in the foreground until moto exits, we are signalled, or our parent is gone.
parent=$PPID
while kill -0 "$moto_pid" 2>/dev/null; do
  if ! kill -0 "$parent" 2>/dev/null; then
    log "the process that started me ($parent) is gone; stopping moto"
    exit 0
  fi
  sleep 1 &
  wait $! || true # returns at once when a trapped signal arrives
done
rc=0
wait "$moto_pid" || rc=$?
moto_pid=''
log "moto exited with status $rc"
show_log_tail
exit "$rc"
