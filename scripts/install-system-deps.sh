#!/usr/bin/env bash
# Debian packages the tests need: headers and tools to build code-server's native modules, ripgrep (code-server's
# search, seeded into its install because the GitHub download is unreachable) and Chromium (drives the workbench).
# Idempotent: does nothing when everything is already installed. Installs as root, through sudo when run as a user.
set -euo pipefail

# python3-pytest, flake8 and mypy: the verification tasks' integration tests run the real tools with /usr/bin/python3.
# python3-venv and dash: the migration tests (the converter's torch venv; the generated script run by a POSIX sh).
# pre-commit: a unit test runs the shipped .pre-commit-hooks.yaml with the real pre-commit.
packages=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config make g++ python3 python3-pytest flake8 mypy python3-venv dash pre-commit ripgrep chromium)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${packages[*]})"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    echo "system packages: missing ${missing[*]}; installing them with sudo"
    exec sudo "$0" "$@"
  fi
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Run this script as root (there is no sudo here): su -c '$0'" >&2
  exit 1
fi

echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"
