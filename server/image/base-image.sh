#!/usr/bin/env bash
# Assembles the server image's base (a Java 17 runtime on the glibc it needs, nothing else: no shell, no package
# manager) from the build host's own JDK, as a `docker save`-style tarball that Jib reads through tar://.
# Registries are often unreachable from hospital build hosts; this needs none.
#   image/base-image.sh OUTPUT.tar [JAVA_HOME]
set -euo pipefail
out="$1"
java_home="${2:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
work="$(dirname "$out")/base-image.work"
rm -rf "$work" && mkdir -p "$work/rootfs" "$work/image"
root="$work/rootfs"

# A trimmed runtime: the Java SE modules plus what Quarkus, the JDBC drivers and DJL use.
"$java_home/bin/jlink" --output "$root/opt/java" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --add-modules java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.naming.dns,jdk.net,jdk.jfr,jdk.charsets,jdk.localedata,jdk.security.auth,jdk.httpserver
# Distribution JDKs link the trust store and security policy to /etc; the image carries real copies.
for f in "$java_home"/lib/security/*; do
  cp -L "$f" "$root/opt/java/lib/security/$(basename "$f")"
done
cp -L "$java_home/conf/security/java.security" "$root/opt/java/conf/security/java.security" 2>/dev/null || true

# Shared libraries: everything the runtime needs, plus what PyTorch's CPU natives (unpacked by DJL at run time)
# link against: libstdc++, libgcc_s, libm, libpthread, librt, libdl.
libs() {
  ldd "$@" 2>/dev/null | awk '/=> \//{print $3} /^\t\/[^ ]*ld-linux/{print $1}' | sort -u
}
extra=(libstdc++.so.6 libgcc_s.so.1 libm.so.6 libpthread.so.0 librt.so.1 libdl.so.2 libz.so.1)
# The server runs headless: the X11, sound and splash-screen libraries (and their dependencies) stay out.
mapfile -t objects < <(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
  ! -name 'libawt_xawt.so' ! -name 'libjawt.so' ! -name 'libsplashscreen.so' ! -name 'libjsound.so')
for lib in $(libs "${objects[@]}"; for e in "${extra[@]}"; do ldconfig -p | awk -v l="$e" '$1==l && /x86-64/{print $NF; exit}'; done) \
    /lib64/ld-linux-x86-64.so.2; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# The run-time closure of those extras (libstdc++ -> libm ...).
for lib in $(libs $(find "$root/lib" "$root/usr/lib" -type f 2>/dev/null)); do
  [[ -e "$root$lib" ]] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
done

# The unprivileged user the chart runs as (uid/gid 10001), a writable /tmp.
mkdir -p "$root/etc" "$root/tmp" "$root/proc" "$root/dev" "$root/var/lib/consilium" "$root/models"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nconsilium:x:10001:10001:Consilium:/var/lib/consilium:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nconsilium:x:10001:\n' > "$root/etc/group"
chown 10001:10001 "$root/var/lib/consilium"

# One reproducible layer.
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/image/layer.tar" .
diff_id="sha256:$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)"
cat > "$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"10001","Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"server/image/base-image.sh from $("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/{print $2}')"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["consilium/java-base:17"],"Layers":["layer.tar"]}]\n' > "$work/image/manifest.json"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/image" -cf "$out" manifest.json config.json layer.tar
rm -rf "$work"
echo "base image: $out ($(du -h "$out" | cut -f1))" >&2
