#!/usr/bin/env bash
# Debian's browsers and what drives them, installed with apt-get when their programs are missing:
# no test tool may download a browser of its own. Run by .ci/run before `npm ci`, and by `npm test`
# (tools/test-all.ts) on a machine set up by hand. Silent when everything is there.
# The paths follow the same variables as tools/chromium.ts, firefox.ts and webkit.ts.
set -uo pipefail

programs=(
  "${CHROMIUM_PATH:-/usr/bin/chromium}=chromium"
  "${FIREFOX_PATH:-/usr/bin/firefox-esr}=firefox-esr"
  "${WEBKIT_DRIVER_PATH:-/usr/bin/WebKitWebDriver}=webkit2gtk-driver"
  # MiniBrowser comes with libwebkit2gtk-4.1-0, which webkit2gtk-driver depends on.
  "${MINIBROWSER_PATH:-/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser}=webkit2gtk-driver"
  "/usr/bin/Xvfb=xvfb"
)

missing_files() {
  for entry in "${programs[@]}"; do
    [ -e "${entry%=*}" ] || echo "${entry%=*}"
  done
}

packages=()
for entry in "${programs[@]}"; do
  file="${entry%=*}" package="${entry##*=}"
  if [ ! -e "$file" ] && [[ " ${packages[*]} " != *" $package "* ]]; then packages+=("$package"); fi
done
[ ${#packages[@]} -eq 0 ] && exit 0

echo "Installing Debian's ${packages[*]} (their programs are missing)"
if [ "$(id -u)" -eq 0 ]; then
  as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null; then
  # -n: fail at once rather than wait for a password nobody will type.
  as_root=(sudo -n env DEBIAN_FRONTEND=noninteractive)
else
  echo "Not root and no sudo: as root, run apt-get install ${packages[*]}" >&2
  exit 1
fi
"${as_root[@]}" apt-get update -qq &&
  "${as_root[@]}" apt-get install -y -qq -o Dpkg::Use-Pty=0 "${packages[@]}"
status=$?

still=$(missing_files)
if [ $status -ne 0 ] || [ -n "$still" ]; then
  echo "Could not install ${packages[*]} (apt-get exited with $status). Still missing: ${still:-none}" >&2
  exit 1
fi
