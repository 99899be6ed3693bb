using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Sweep.Bench.Engine;

/// <summary>
/// Runs bench/peers/torch_mlp.py (a copy of the project's PyTorch reference) with Debian's
/// /usr/bin/python3, one thread, and reads its samples_per_s. <see cref="Unavailable"/> says why
/// the peer cannot run here (no python3, no torch, no script); then the torch fields are omitted.
/// </summary>
internal sealed class TorchPeer
{
    private const string Python = "/usr/bin/python3";
    private readonly string? _script;

    public TorchPeer()
    {
        _script = FindScript();
        Unavailable = _script is null ? "bench/peers/torch_mlp.py not found"
            : !File.Exists(Python) ? $"{Python} not found"
            : Probe();
        if (Unavailable is null)
        {
            Version = RunPython("-c \"import torch; print(torch.__version__)\"", TimeSpan.FromMinutes(1)).Trim();
        }
    }

    /// <summary>Null when the peer can run; else the reason it cannot.</summary>
    public string? Unavailable { get; }

    public string? Version { get; }

    /// <summary>Trains with the given torch_mlp.py arguments (one thread): samples per wall second and per CPU second.</summary>
    public ThroughputSample Measure(string arguments)
    {
        string output = RunPython($"\"{_script}\" --threads 1 {arguments}", TimeSpan.FromMinutes(5));
        string line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.StartsWith('{'));
        var json = JsonNode.Parse(line) ?? throw new InvalidOperationException($"torch peer printed no JSON: {output}");
        return new ThroughputSample(json["samples_per_s"]!.GetValue<double>(), json["cpu_samples_per_s"]!.GetValue<double>());
    }

    private string? Probe()
    {
        try
        {
            RunPython("-c \"import torch\"", TimeSpan.FromMinutes(1));
            return null;
        }
        catch (InvalidOperationException e)
        {
            return "python3-torch is not installed: " + e.Message.Split('\n')[0];
        }
    }

    private static string RunPython(string arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Python}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Python} {arguments} ran past {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Python} {arguments} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }

    private static string? FindScript()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, "bench", "peers", "torch_mlp.py");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
