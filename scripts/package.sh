#!/usr/bin/env bash
# Builds what an ops box installs: a self-contained single-file `monitor` (no .NET needed where it runs) and a Debian
# package of it with the example config, the systemd unit, the dashboards and the alert rules.
#   scripts/package.sh [--rid linux-x64|linux-arm64] [--out DIR]
# Output: DIR/<rid>/monitor and DIR/quorum-monitor_<version>_<arch>.deb (DIR defaults to ./artifacts/package).
# Needs the .NET SDK, git and dpkg-deb; run from a clone (the commit goes into `monitor --version`).
set -euo pipefail
cd "$(dirname "$0")/.."

rid=linux-x64
out=artifacts/package
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rid=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

case "$rid" in
  linux-x64) arch=amd64 ;;
  linux-arm64) arch=arm64 ;;
  *) echo "package.sh: --rid must be linux-x64 or linux-arm64, got '$rid'" >&2; exit 2 ;;
esac
for tool in dotnet git dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "package.sh: $tool is required" >&2; exit 1; }
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
publish="$out/$rid"
rm -rf "$publish"

# Single file, native libraries (librdkafka, SQLite) inside it too: they unpack on first start
# (to DOTNET_BUNDLE_EXTRACT_BASE_DIR; the systemd unit points that at its cache directory).
dotnet publish src/QuorumMonitor.Cli -c Release -r "$rid" --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
  -o "$publish" -nologo -v q
[ -x "$publish/monitor" ] || { echo "package.sh: publish made no $publish/monitor" >&2; exit 1; }

# The version the binary reports (InformationalVersion: version+commit), as a Debian version: 1.0.0+g1a2b3c4.
commit=$(git rev-parse --short=12 HEAD)
base=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/QuorumMonitor.Cli/QuorumMonitor.Cli.csproj Directory.Build.props | head -1)
version="${base:-1.0.0}+g$commit"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"
install -D -m 0755 "$publish/monitor" "$root/usr/bin/monitor"
install -D -m 0644 packaging/monitor.yaml "$root/etc/quorum-monitor/monitor.yaml"
install -D -m 0644 packaging/quorum-monitor.service "$root/lib/systemd/system/quorum-monitor.service"
mkdir -p "$root/usr/share/quorum-monitor"
cp -r dashboards alerts "$root/usr/share/quorum-monitor/"
install -D -m 0644 README.md "$root/usr/share/doc/quorum-monitor/README.md"
find "$root/usr/share" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +

mkdir -p "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" packaging/debian/control > "$root/DEBIAN/control"
install -m 0644 packaging/debian/conffiles "$root/DEBIAN/conffiles"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"

deb="$out/quorum-monitor_${version}_${arch}.deb"
# gzip: xz takes minutes over a 140 MB binary on 2 cores, for a package a fifth smaller.
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "package.sh: $publish/monitor"
echo "package.sh: $deb"
