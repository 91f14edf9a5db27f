#!/usr/bin/env bash
# Cold start of the built program: process start to answer printed, for `ask` in Release (not `dotnet run`).
# Usage: bench/cold-start.sh [runs]   Writes bench/results/cold-start.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-15}"
dotnet build src/Bot.Host -c Release -v quiet -nologo >/dev/null
dll="$PWD/src/Bot.Host/bin/Release/net10.0/Bot.Host.dll"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"   # no ./knowledge here: the program finds the copy beside itself
dotnet "$dll" ask "warm the disk cache" >/dev/null 2>&1 || true
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  dotnet "$dll" ask "Sora ra mắt khi nào?" >/dev/null 2>&1
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
n=${#sorted[@]}
p50=${sorted[$(( n / 2 ))]}
p90=${sorted[$(( (n * 9) / 10 ))]}
cd - >/dev/null
{
  echo "# Cold start: \`dotnet Bot.Host.dll ask\` (Release)"
  echo
  echo "Process start to answer printed, $n runs after one warm-up, measured by \`bench/cold-start.sh\`."
  echo
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version)"
  echo "- date: $(date -u +%Y-%m-%d)"
  echo "- p50: ${p50} ms, p90: ${p90} ms, min: ${sorted[0]} ms, max: ${sorted[$(( n - 1 ))]} ms"
  echo "- all (ms): ${sorted[*]}"
  echo
  echo "Target: under 2,000 ms."
} > bench/results/cold-start.md
cat bench/results/cold-start.md
