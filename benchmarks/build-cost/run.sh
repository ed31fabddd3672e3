#!/usr/bin/env bash
# Build cost of McpGen's generator and analyzers on a generated 500-tool project.
#
#   bash benchmarks/build-cost/run.sh [TOOLS]      (default 500)
#
# Generates a server with TOOLS tools (50 per class: records, services, tokens, resources and prompts mixed in), builds
# it once to warm up, then rebuilds the compile step with -p:ReportAnalyzer=true and prints the compiler's own
# accounting: total Csc time, and the time McpGen's generator and analyzers took inside it.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
tools="${1:-500}"
work="${MCPGEN_BUILD_COST_DIR:-$repo/artifacts/build-cost}"
rm -rf "$work" && mkdir -p "$work"

cat > "$work/BuildCost.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <GenerateDocumentationFile>true</GenerateDocumentationFile>
    <NoWarn>\$(NoWarn);CS1591</NoWarn>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/McpGen/McpGen.csproj" />
    <ProjectReference Include="$repo/src/McpGen.SourceGeneration/McpGen.SourceGeneration.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
XML

cat > "$work/Server.cs" <<'CS'
using McpGen;

namespace BuildCost;

[McpServer("build-cost", Version = "1.0.0")]
public partial class BuildCostServer;
CS

classes=$(( (tools + 49) / 50 ))
n=0
for ((c = 0; c < classes; c++)); do
  {
    echo "using System;"
    echo "using System.Collections.Generic;"
    echo "using System.ComponentModel;"
    echo "using System.Threading;"
    echo "using System.Threading.Tasks;"
    echo "using McpGen;"
    echo ""
    echo "namespace BuildCost;"
    echo ""
    echo "/// <summary>A forecast.</summary>"
    echo "public sealed record Forecast$c(string City, double Celsius, IReadOnlyList<string> Notes);"
    echo ""
    echo "/// <summary>A data source.</summary>"
    echo "public interface ISource$c { Task<string> LoadAsync(string key, CancellationToken cancellationToken); }"
    echo ""
    echo "/// <summary>Tools of group $c.</summary>"
    echo "public sealed class Tools$c(ISource$c source)"
    echo "{"
    echo "    private static readonly string s_prefix = \"g$c\";"
    for ((t = 0; t < 50 && n < tools; t++, n++)); do
      case $((t % 5)) in
        0) echo "    /// <summary>Gets the forecast for a city.</summary>"
           echo "    /// <param name=\"city\">The city.</param>"
           echo "    /// <param name=\"days\">How many days.</param>"
           echo "    /// <param name=\"cancellationToken\">Cancels the call.</param>"
           echo "    [McpTool(ReadOnly = true)]"
           echo "    public async Task<Forecast$c> Forecast${c}x${t}(string city, [Description(\"1 to 10\")] int days = 3, CancellationToken cancellationToken = default)"
           echo "    {"
           echo "        string raw = await source.LoadAsync(s_prefix + city, cancellationToken);"
           echo "        return new Forecast$c(city, raw.Length + days, [raw]);"
           echo "    }" ;;
        1) echo "    /// <summary>Adds two numbers.</summary>"
           echo "    [McpTool] public static int Add${c}x${t}(int a, int b) => a + b;" ;;
        2) echo "    /// <summary>Searches notes.</summary>"
           echo "    [McpTool] public static IEnumerable<string> Search${c}x${t}(string query, int limit = 10) { for (int i = 0; i < limit; i++) { yield return query + i; } }" ;;
        3) echo "    /// <summary>Reads a note.</summary>"
           echo "    [McpResource(\"notes$c://${t}/{id}\")] public static string Note${c}x${t}(string id) => id;" ;;
        4) echo "    /// <summary>Summarizes a text.</summary>"
           echo "    [McpPrompt] public static string Summarize${c}x${t}(string text, string? style = null) => style + text;" ;;
      esac
    done
    echo "}"
  } > "$work/Tools$c.cs"
done

echo "generated $n handlers in $classes classes under $work"
cd "$work"
dotnet build -c Release -nologo -v:q -clp:ErrorsOnly

# One compile of this project (references stay built) with the compiler's own accounting: the Csc task's duration and
# the "Time (s)" rows of McpGen's analyzers and generator. Prints "csc_ms mcpgen_ms".
measure() {
  touch Server.cs
  UseSharedCompilation="$1" dotnet build -c Release -nologo --no-dependencies -p:UseSharedCompilation="$1" -p:ReportAnalyzer=true -v:d -clp:PerformanceSummary > "$work/report.log"
  local csc analyzers generator
  csc=$(grep -E '^\s+[0-9]+ ms\s+Csc\s+[0-9]+ calls' "$work/report.log" | awk '{print $1}' | tail -1)
  analyzers=$(awk '/Total analyzer execution time/ {a=1} a && /McpGen.SourceGeneration, Version/ {print $1; exit}' "$work/report.log")
  generator=$(awk '/Total generator execution time/ {g=1} g && /McpGen.SourceGeneration, Version/ {print $1; exit}' "$work/report.log")
  awk -v c="$csc" -v a="$analyzers" -v g="$generator" 'BEGIN { printf "%d %.0f\n", c, (a + g) * 1000 }'
}

# Cold: a fresh compiler process per build (UseSharedCompilation=false, as some CI images set): includes JIT of everything.
read -r cold_csc cold_mcpgen < <(measure false)
echo "--- McpGen in the compiler report (cold run) ---"
grep -E 'McpGen\.SourceGeneration\.(Analyzers\.|McpServerGenerator)' "$work/report.log" | sed 's/^ *//'

# Warm: the compiler server, as 'dotnet build' uses by default on developer machines; two warm-up builds, then 5 runs.
measure true >/dev/null; measure true >/dev/null
results=()
for _ in 1 2 3 4 5; do results+=("$(measure true)"); done
awk -v c="$cold_csc" -v m="$cold_mcpgen" 'BEGIN { printf "cold (fresh compiler process): Csc %d ms, McpGen %d ms = %.1f%%\n", c, m, 100 * m / c }'
printf '%s\n' "${results[@]}" | awk '{ printf "warm run %d: Csc %d ms, McpGen %d ms = %.1f%%\n", NR, $1, $2, 100 * $2 / $1 }'
printf '%s\n' "${results[@]}" | awk '{ printf "%.1f\n", 100 * $2 / $1 }' | sort -n | sed -n 3p | awk '{ print "warm median: " $1 "% of compile time" }'
