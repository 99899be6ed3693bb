using System.Text.Json.Nodes;

namespace Sweep.Bench;

/// <summary>
/// One benchmark suite (`build.ps1 Bench -Suite name`). Suites are found by reflection, so adding
/// one is adding a class. <see cref="RunAsync"/> returns the JSON document written to
/// artifacts/bench/&lt;Name&gt;.json; it must hold "suite" and "cases". Measure peers side by side
/// in the same run and report ratios, never absolute figures alone.
/// </summary>
public interface IBenchSuite
{
    string Name { get; }

    Task<JsonObject> RunAsync(CancellationToken cancellationToken);
}
