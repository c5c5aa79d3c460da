#!/usr/bin/env bash
# Runs every test: the solution's tests, then what needs more than the .NET SDK.
# Usage: ./test.sh        Prints a final line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export AWS_EC2_METADATA_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
results="$(mktemp -d)"
status=0

# The browser tests (tests/IamSnapshot.Browser.Tests) open the HTML report in Debian's Chromium; Playwright's own
# browser download is not used. They fail (never skip) without it, so install it here when it is missing.
if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium; } >/dev/null \
    || echo "warning: could not install chromium; the browser tests will fail" >&2
fi

dotnet build IamSnapshot.sln -c Release -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
# One results folder per test project, so that TRX files never overwrite each other.
for proj in $(dotnet sln IamSnapshot.sln list | grep -E 'Tests\.csproj$'); do
  name=$(basename "$proj" .csproj)
  dotnet test "$proj" -c Release --no-build --logger "trx" --results-directory "$results/$name" || status=1
done

# Package consumer tests: pack the libraries, then build a project against the packed packages (not project
# references). Its restore folder is private, so a re-pack of the same version is always picked up.
rm -rf artifacts/packages artifacts/package-tests-restore/iamsnapshot*
if dotnet pack src/IamSnapshot/IamSnapshot.csproj -c Release -o artifacts/packages -nologo -v q \
   && dotnet pack src/IamSnapshot.Aws/IamSnapshot.Aws.csproj -c Release -o artifacts/packages -nologo -v q; then
  dotnet test tests/IamSnapshot.PackageTests/IamSnapshot.PackageTests.csproj -c Release --logger "trx" --results-directory "$results/PackageTests" || status=1
else
  echo "packing failed"; status=1
fi

# The packaged dotnet tool, installed from a local folder feed and run as a user would. Slow (pack + install), so
# its project is not in the solution and runs here, after the main suite.
dotnet test tests/IamSnapshot.Tool.Tests -c Release -nologo --logger "trx" --results-directory "$results/IamSnapshot.Tool.Tests" || status=1

# Count results from every TRX file written above.
passed=0; failed=0
for trx in "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  p=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*'); f=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "$passed passed, $failed failed"
exit $status
