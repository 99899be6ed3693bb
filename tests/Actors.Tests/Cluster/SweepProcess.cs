using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sweep.Actors.Tests.Cluster;

/// <summary>
/// A <c>sweep-worker</c> process (the built WorkerHost run with <c>dotnet</c>) whose output lines are
/// collected. Dispose kills it if it still runs, so no test leaves a process behind.
/// </summary>
internal sealed class SweepProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private SweepProcess(Process process)
    {
        _process = process;
    }

    public IReadOnlyCollection<string> Lines => _lines;

    public bool HasExited => _process.HasExited;

    public static SweepProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>With <paramref name="environment"/> added to this process's environment variables.</summary>
    public static SweepProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) => Start(null, environment, args);

    /// <summary>In <paramref name="workingDirectory"/> (where relative dataset paths are looked up).</summary>
    public static SweepProcess StartIn(string workingDirectory, params string[] args) =>
        Start(null, new Dictionary<string, string>(), args, workingDirectory);

    /// <summary>Inside the network namespace <paramref name="networkNamespace"/> (<c>ip netns exec</c>; needs root).</summary>
    public static SweepProcess StartInNamespace(string networkNamespace, params string[] args) =>
        Start(networkNamespace, new Dictionary<string, string>(), args);

    private static SweepProcess Start(string? networkNamespace, IReadOnlyDictionary<string, string> environment, string[] args, string? workingDirectory = null)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "sweep-worker.dll");
        var info = new ProcessStartInfo(networkNamespace is null ? "dotnet" : "ip")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        if (networkNamespace is not null)
        {
            foreach (string arg in (string[])["netns", "exec", networkNamespace, "dotnet"])
            {
                info.ArgumentList.Add(arg);
            }
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(host);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var wrapper = new SweepProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) wrapper._lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) wrapper._lines.Enqueue("stderr: " + e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Lines "finished &lt;trial id&gt; ..." printed by a coordinator once a trial is durable.</summary>
    public List<string> FinishedTrialIds() =>
        Lines.Where(l => l.StartsWith("finished ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToList();

    /// <summary>(worker, host) of each "finished ID STATUS attempts=N worker=NAME host=HOST ..." line, in order.</summary>
    public List<(string Worker, string Host)> FinishedWorkers() =>
        Lines.Where(l => l.StartsWith("finished ", StringComparison.Ordinal)).Select(l => (Field(l, "worker"), Field(l, "host"))).ToList();

    /// <summary>Trials a coordinator printed as finished by the worker named <paramref name="worker"/> (exactly that name).</summary>
    public int FinishedBy(string worker) => FinishedWorkers().Count(w => w.Worker == worker);

    /// <summary>The name a worker process printed in its "worker NAME on HOST with n slot(s) joining ..." line; null before it.</summary>
    public string? WorkerName() =>
        Lines.FirstOrDefault(l => l.StartsWith("worker ", StringComparison.Ordinal) && l.Contains(" joining ", StringComparison.Ordinal))?.Split(' ')[1];

    /// <summary>The value of " key=value" in a console line (values hold no spaces); "" when absent.</summary>
    private static string Field(string line, string key)
    {
        string marker = " " + key + "=";
        int start = line.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }

        start += marker.Length;
        int end = line.IndexOf(' ', start);
        return end < 0 ? line[start..] : line[start..end];
    }

    public async Task WaitUntilAsync(Func<SweepProcess, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}; output:\n{string.Join("\n", Lines)}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"process did not exit within {timeout.TotalSeconds:0} s; output:\n{string.Join("\n", Lines)}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>
    /// Waits for the exit as long as <paramref name="progress"/> keeps moving: fails when it has stood still for
    /// <paramref name="stall"/>. A busy machine slows a sweep down without stopping it, so the wait stretches with
    /// the load while a hung process still fails.
    /// </summary>
    public async Task<int> WaitForExitWhileProgressingAsync(Func<SweepProcess, int> progress, TimeSpan stall)
    {
        var exited = _process.WaitForExitAsync();
        int last = progress(this);
        var sinceLastMove = Stopwatch.StartNew();
        while (!exited.IsCompleted)
        {
            await Task.WhenAny(exited, Task.Delay(200));
            int now = progress(this);
            if (now != last)
            {
                last = now;
                sinceLastMove.Restart();
            }
            else if (sinceLastMove.Elapsed > stall && !exited.IsCompleted)
            {
                throw new TimeoutException($"no progress for {stall.TotalSeconds:0} s and no exit; output:\n{string.Join("\n", Lines)}");
            }
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL (Process.Kill on Linux), as a crash would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
