#!/usr/bin/env bash
# Writes python3-requirements.json (every wheel with its URL and sha256, for an offline
# flatpak-builder) from requirements.txt, with flatpak-pip-generator.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m pip install --quiet flatpak-pip-generator
flatpak-pip-generator --runtime org.freedesktop.Sdk//24.08 \
    --requirements-file requirements.txt --output python3-requirements
