using System.Runtime.InteropServices;
using Sweep.Actors;
using Sweep.Dashboard;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.WorkerHost;

/// <summary>
/// sweep-worker: a headless worker node (default), or a headless coordinator that runs a spec file
/// (<c>coordinate</c>). Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage:
          sweep-worker --join host:port [--name name] [--slots n] [--hostname h] [--port p] [tls options]
              join the coordinator at host:port (retried until it is up; rejoined after it restarts);
              --name labels this worker's trials (trials.worker; default machine#pid): one word, at most 100 characters,
              so a worker restarted under the same name keeps its name in the results
          sweep-worker coordinate --spec file.json --output folder [--mode new|resume|extend|fresh] [--skip-failed]
                       [--slots n] [--hostname h] [--port p] [--max-attempts n] [--trial-timeout s]
                       [--no-worker-timeout s] [--decline-grace s] [--force] [tls options]
                       [--stopping none|race|asha|median] [--allow-stopping-change]
                       [--dashboard [--dashboard-address ip] [--dashboard-port p]]
              run a sweep headless: this process is the coordinator (default port 4053), with n local slots;
              continuing a folder reruns the trials it holds as failed (their new rows replace the failed ones)
              unless --skip-failed; completed, diverged and pruned trials are never rerun;
              a trial every connected worker declines (dataset missing) waits --decline-grace s (default 30) for one that can load it;
              --dashboard serves a read-only live page (loopback by default; any other address needs the
              token in the printed URL) until the sweep ends
        exit codes: 0 done (every trial completed or diverged); 1 error (refused, unusable files, no workers);
              2 bad arguments; 3 cancelled (coordinate); 4 finished, some trials failed; 5 finished, every trial failed
        tls options: --tls-cert node.pfx --tls-trust ca.pem[,more.pem]
              mutual TLS: this node presents node.pfx (its password in SWEEP_TLS_PASSWORD) and accepts only peers
              whose certificate chains to a certificate in the trust files (or is one of them); a worker whose
              handshakes keep failing stops with exit code 1 and says why
        """;

    private static readonly HashSet<string> Flags = ["--force", "--skip-failed", "--dashboard", "--tls-no-mutual", "--tls-insecure", "--help"];

    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });

        CommandLine line;
        try
        {
            line = CommandLine.Parse(args, Flags);
            if (line.Flag("--help") || args.Length == 0)
            {
                Console.Out.WriteLine(Usage);
                return args.Length == 0 ? ExitCodes.BadArguments : ExitCodes.Done;
            }

            return line.Command switch
            {
                null => await JoinAsync(line, cancel.Token),
                "coordinate" => await CoordinateAsync(line, cancel.Token),
                _ => throw new UsageException($"unknown command '{line.Command}'"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"sweep-worker: {e.Message}");
            Console.Error.WriteLine(Usage);
            return ExitCodes.BadArguments;
        }
        catch (Exception e) when (e is ArgumentException or SpecException or RunFolderException or InvalidOperationException
                                      or TimeoutException or IOException)
        {
            Console.Error.WriteLine($"sweep-worker: {e.Message}");
            return ExitCodes.Error;
        }
    }

    private static async Task<int> JoinAsync(CommandLine line, CancellationToken cancellationToken)
    {
        var options = new WorkerOptions
        {
            Join = line.RequiredText("--join"),
            Name = line.Text("--name"),
            Slots = line.Int("--slots", Environment.ProcessorCount, 1, 4096),
            Hostname = line.Text("--hostname") ?? "127.0.0.1",
            Port = line.Int("--port", 0, 0, 65535),
            Tls = ReadTls(line),
            StableAfter = line.Seconds("--stable-after"),
        };
        line.RejectUnknown();
        try
        {
            WorkerNode.ParseJoin(options.Join);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--" + e.Message);
        }

        if (options.Name is { } name && WorkerIdentity.Problem(name) is { } problem)
        {
            throw new UsageException($"--name {problem}");
        }

        await WorkerNode.RunAsync(options, message => Console.Out.WriteLine(message), cancellationToken);
        return ExitCodes.Done;
    }

    private static async Task<int> CoordinateAsync(CommandLine line, CancellationToken cancellationToken)
    {
        string specPath = line.RequiredText("--spec");
        var options = new SweepRunOptions
        {
            OutputPath = line.RequiredText("--output"),
            Mode = ReadMode(line.Text("--mode")),
            SkipFailed = line.Flag("--skip-failed"),
            LocalSlots = line.Int("--slots", Environment.ProcessorCount, 0, 4096),
            Hostname = line.Text("--hostname") ?? "127.0.0.1",
            Port = line.Int("--port", SweepDefaults.Port, 0, 65535),
            MaxAttempts = line.Int("--max-attempts", SweepDefaults.MaxAttempts, 1, 1000),
            TrialTimeout = line.Seconds("--trial-timeout"),
            NoWorkerTimeout = line.Seconds("--no-worker-timeout"),
            DeclineGrace = line.Seconds("--decline-grace") ?? SweepRunOptions.DefaultDeclineGrace,
            Force = line.Flag("--force"),
            Tls = ReadTls(line),
            StableAfter = line.Seconds("--stable-after"),
            Stopping = ReadStopping(line.Text("--stopping")),
            AllowStoppingChange = line.Flag("--allow-stopping-change"),
        };
        var dashboard = ReadDashboard(line);
        line.RejectUnknown();
        var spec = SpecParser.ParseFile(specPath);
        ISweepObserver observer = new ConsoleObserver();
        await using var server = dashboard is null ? null : StartDashboard(spec, options, dashboard, ref observer);
        var summary = await SweepRunner.RunAsync(spec, options, observer, cancellationToken);
        Console.Out.WriteLine(
            $"summary sweep={summary.SweepId} total={summary.Total} skipped={summary.Skipped} completed={summary.Completed} "
            + $"diverged={summary.Diverged} failed={summary.Failed} pruned={summary.Pruned} steps_saved={summary.StepsSaved} elapsed={summary.Elapsed.TotalSeconds:0.0}s cancelled={summary.Cancelled}");
        if (summary.Failed > 0)
        {
            Console.Error.WriteLine(
                $"sweep-worker: {(summary.AllFailed ? "every trial" : $"{summary.Failed} trial(s)")} failed; first error: {summary.FirstError}");
        }

        return ExitCodes.Of(summary);
    }

    private static DashboardOptions? ReadDashboard(CommandLine line)
    {
        bool on = line.Flag("--dashboard");
        string? address = line.Text("--dashboard-address");
        int port = line.Int("--dashboard-port", 0, 0, 65535);
        if (!on)
        {
            return address is null && port == 0 ? null : throw new UsageException("--dashboard-address and --dashboard-port need --dashboard");
        }

        return new DashboardOptions { Address = address ?? "127.0.0.1", Port = port };
    }

    /// <summary>Starts the live page, prints its URL ("dashboard URL", a line scripts can read) and adds its observer.</summary>
    private static DashboardServer StartDashboard(SweepSpec spec, SweepRunOptions options, DashboardOptions dashboard, ref ISweepObserver observer)
    {
        var state = DashboardState.ForRunFolder(spec.Name, Path.GetFullPath(options.OutputPath));
        var server = DashboardServer.Start(state, dashboard);
        observer = SweepObservers.Both(observer, state);
        Console.Out.WriteLine($"dashboard {server.Url}");
        Console.Out.Flush();
        return server;
    }

    private static StopRuleKind? ReadStopping(string? text) => text is null
        ? null
        : StoppingSettings.ParseRule(text) ?? throw new UsageException($"--stopping must be {string.Join(", ", StoppingSettings.RuleNames)}, not '{text}'");

    private static RunFolderMode ReadMode(string? text) => text switch
    {
        null or "new" => RunFolderMode.New,
        "resume" => RunFolderMode.Resume,
        "extend" => RunFolderMode.Extend,
        "fresh" => RunFolderMode.Fresh,
        _ => throw new UsageException($"--mode must be new, resume, extend or fresh, not '{text}'"),
    };

    private static TlsOptions? ReadTls(CommandLine line)
    {
        if (line.Text("--tls-password") is not null)
        {
            throw new UsageException($"--tls-password is not accepted: a password on the command line is visible to every user of the machine (ps); set {TlsOptions.PasswordVariable} instead");
        }

        if (line.Flag("--tls-insecure") || line.Flag("--tls-no-mutual"))
        {
            throw new UsageException("--tls-insecure and --tls-no-mutual are gone: both ends always check the peer against --tls-trust");
        }

        string? certificate = line.Text("--tls-cert");
        string? trust = line.Text("--tls-trust");
        if (certificate is null || trust is null)
        {
            return certificate is null && trust is null
                ? null
                : throw new UsageException("TLS needs both --tls-cert (this node's .pfx) and --tls-trust (the CA or peer certificates to accept)");
        }

        return new TlsOptions
        {
            CertificatePath = certificate,
            CertificatePassword = Environment.GetEnvironmentVariable(TlsOptions.PasswordVariable) ?? "",
            TrustPaths = trust.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }
}
