# shellcheck shell=bash
# Shared helpers for scripts/services/<name>. Sourced, never run.
#
# Layout (outside the repo):
#   $SVC_HOME/cache/            downloads: Maven repository, collected jars per version
#   $SVC_HOME/<service>/        that service's data, config, logs and pid files
# SLUICE_SERVICES_HOME overrides $SVC_HOME; SLUICE_SERVICES_CACHE overrides the cache, so that a
# second instance (another home and ports, as the fault suite's three-node Kafka) reuses the
# downloads of the first instead of fetching them again. Every service binds 127.0.0.1 unless the
# service's own HOST variable says otherwise.

SVC_HOME=${SLUICE_SERVICES_HOME:-/var/lib/sluice-services}
SVC_CACHE=${SLUICE_SERVICES_CACHE:-$SVC_HOME/cache}
SVC_DIR=$SVC_HOME/$SVC_NAME
SVC_LOG_LINES=${SVC_LOG_LINES:-25}

svc_say() { printf '%s: %s\n' "$SVC_NAME" "$*"; }

# One clear line on stderr, then the last lines of the logs that explain it, then exit 1.
# LOGS is one path or several joined by ':' (say, the server's log and its stdout file);
# the empty ones are skipped.
svc_fail() {
  local msg=$1 logs=${2:-} log
  printf '%s: FAILED: %s%s\n' "$SVC_NAME" "$msg" "${logs:+ (log: ${logs%%:*})}" >&2
  local IFS=:
  for log in $logs; do
    [[ -s $log ]] || continue
    printf -- '--- last %s lines of %s ---\n' "$SVC_LOG_LINES" "$log" >&2
    tail -n "$SVC_LOG_LINES" "$log" >&2
  done
  exit 1
}

svc_sudo() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# Installs the Debian packages that are missing. Quiet when nothing is missing. Package
# scripts may not start their system services (postgresql, prometheus): a policy-rc.d that
# denies it is put in place for the install if the machine has none.
svc_apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  svc_say "installing Debian packages: ${missing[*]}"
  local tmp_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    tmp_policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | svc_sudo tee "$tmp_policy" >/dev/null
    svc_sudo chmod 755 "$tmp_policy"
  fi
  export DEBIAN_FRONTEND=noninteractive
  local rc=0 aptlog
  aptlog=$(mktemp)
  {
    if [[ -z $(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1) ]]; then
      svc_sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
    fi
    svc_sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
  } >"$aptlog" 2>&1 || rc=$?
  [[ -n $tmp_policy ]] && svc_sudo rm -f "$tmp_policy"
  if ((rc != 0)); then
    cp "$aptlog" "${TMPDIR:-/tmp}/sluice-services-apt.log"
    rm -f "$aptlog"
    svc_fail "apt-get install ${missing[*]} failed" "${TMPDIR:-/tmp}/sluice-services-apt.log"
  fi
  rm -f "$aptlog"
}

# Java 17 and Maven, for the JVM services.
svc_need_java() {
  svc_apt_install openjdk-17-jre-headless maven
  JAVA=${JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
  [[ -x $JAVA ]] || JAVA=$(command -v java)
}

# svc_maven_collect NAME VERSION DEPS_XML -> sets SVC_JARS to a directory holding the jars of
# the given <dependency> list and all their runtime dependencies. The first call writes a
# throwaway POM under the cache and runs `mvn dependency:copy-dependencies`; later calls find
# the finished directory and download nothing.
svc_maven_collect() {
  local name=$1 version=$2 deps=$3
  local dir=$SVC_CACHE/$name-$version
  SVC_JARS=$dir/lib
  [[ -f $dir/.complete ]] && return 0
  svc_need_java
  svc_say "collecting $name $version jars from Maven Central (first start only)"
  rm -rf "$dir"
  mkdir -p "$dir"
  cat >"$dir/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>sluice.services</groupId>
  <artifactId>$name-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
$deps
  </dependencies>
</project>
EOF
  if ! (cd "$dir" && mvn -B -q -Dmaven.repo.local="$SVC_CACHE/m2" \
      org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory=lib) >"$dir/mvn.log" 2>&1; then
    svc_fail "could not collect $name $version from Maven Central" "$dir/mvn.log"
  fi
  touch "$dir/.complete"
}

# --- processes ------------------------------------------------------------------------------

# svc_running PID: the process exists and is not a zombie. A zombie (killed, not yet reaped by
# whichever process adopted it) counts as gone: kill -0 still succeeds on it, and a start right
# after a SIGKILL took it for a server still starting.
svc_running() {
  local stat
  [[ -n $1 ]] && kill -0 "$1" 2>/dev/null || return 1
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

svc_pid_alive() { # pidfile
  [[ -f $1 ]] || return 1
  svc_running "$(<"$1")"
}

# svc_spawn PIDFILE LOGFILE CMD... : runs CMD detached from this shell, in its own session.
svc_spawn() {
  local pidfile=$1 log=$2
  shift 2
  setsid "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

# svc_kill PIDFILE [SECONDS]: TERM, wait, then KILL.
svc_kill() {
  local pidfile=$1 wait_s=${2:-60} pid i
  [[ -f $pidfile ]] || return 0
  pid=$(<"$pidfile")
  if svc_running "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < wait_s * 10; i++)); do
      svc_running "$pid" || break
      sleep 0.1
    done
    if svc_running "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
  fi
  rm -f "$pidfile"
}

# svc_port_busy HOST PORT: true if something accepts TCP connections there.
svc_port_busy() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# svc_wait_ready SECONDS PIDFILE LOGFILE CHECK...: polls CHECK until it succeeds; fails early
# when the process dies, and on timeout.
svc_wait_ready() {
  local limit=$1 pidfile=$2 log=$3
  shift 3
  local start=$SECONDS
  while ((SECONDS - start < limit)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! svc_pid_alive "$pidfile"; then
      svc_fail "process exited during startup" "$log"
    fi
    sleep 0.5
  done
  svc_fail "not ready after ${limit}s" "$log"
}

svc_usage() {
  echo "usage: $0 start|stop|status|logs|install $*" >&2
  exit 2
}

# Runs the command named by $1 with the service's functions svc_start, svc_stop, svc_status,
# svc_logs (and optional extra commands named svc_cmd_<name>).
svc_main() {
  local cmd=${1:-}
  shift || true
  mkdir -p "$SVC_DIR"
  case $cmd in
    start) svc_start "$@" ;;
    stop) svc_stop "$@" ;;
    status) svc_status "$@" ;;
    logs) svc_logs "$@" ;;
    *)
      if [[ -n $cmd ]] && declare -F "svc_cmd_$cmd" >/dev/null; then
        "svc_cmd_$cmd" "$@"
      else
        svc_usage "${SVC_EXTRA_USAGE:-}"
      fi
      ;;
  esac
}

# --- TLS --------------------------------------------------------------------------------------

# svc_tls_names HOST: a server certificate's names: the loopback address and name clients use,
# and HOST when it is another one.
svc_tls_names() {
  local host=$1 names="IP:127.0.0.1, DNS:localhost"
  if [[ $host == 127.0.0.1 || $host == localhost ]]; then
    :
  elif [[ $host =~ ^[0-9.]+$ || $host == *:* ]]; then
    names+=", IP:$host"
  else
    names+=", DNS:$host"
  fi
  echo "$names"
}

# svc_make_tls DIR NAMES ALIAS LOG: once per DIR, a private CA (DIR/ca.pem, public), a server
# certificate it signs for NAMES (an openssl subjectAltName list: "IP:127.0.0.1, DNS:localhost")
# and a PKCS12 keystore holding that certificate and its key under ALIAS (DIR/keystore.p12),
# locked with a generated password (DIR/keystore.password, 0600). Made in a scratch directory
# and moved into place, so that an interrupted run leaves nothing half made; openssl's output
# goes to LOG.
svc_make_tls() { # DIR NAMES ALIAS LOG
  local dir=$1 names=$2 alias=$3 log=$4
  [[ -s $dir/ca.pem && -s $dir/keystore.p12 && -s $dir/keystore.password ]] && return 0
  svc_apt_install openssl python3
  local tmp=$dir.new
  rm -rf "$tmp"
  (umask 077 && mkdir -p "$tmp")
  cat >"$tmp/openssl.cnf" <<EOF
[req]
prompt = no
distinguished_name = ca_dn
x509_extensions = ca_ext
[ca_dn]
CN = sluice test services CA
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $names
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
  if ! (
    set -e
    cd "$tmp"
    umask 077
    openssl req -x509 -config openssl.cnf -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
      -nodes -keyout ca.key -out ca.pem -days 3650
    openssl req -new -config openssl.cnf -subj /CN=localhost -newkey ec \
      -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -days 3650 -sha256 \
      -set_serial "0x$(openssl rand -hex 16)" -extfile openssl.cnf -extensions server_ext \
      -out server.pem
    /usr/bin/python3 -c 'import secrets; print(secrets.token_urlsafe(24))' >keystore.password
    openssl pkcs12 -export -in server.pem -inkey server.key -certfile ca.pem -name "$alias" \
      -passout file:keystore.password -out keystore.p12
    # Nothing signs with the CA again, and the server's key lives on in the keystore only.
    rm -f ca.key server.key server.csr
    chmod 644 ca.pem server.pem
    chmod 755 .
  ) >"$log" 2>&1; then
    rm -rf "$tmp"
    svc_fail "could not make the TLS certificates" "$log"
  fi
  rm -rf "$dir"
  mv "$tmp" "$dir"
  svc_say "TLS: made a private CA ($dir/ca.pem) and a certificate for $names"
}
