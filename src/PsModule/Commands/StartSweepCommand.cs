using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sweep.Actors;
using Sweep.Dashboard;
using Sweep.Engine.Config;
using Sweep.PsModule.Errors;
using Sweep.PsModule.Running;
using Sweep.PsModule.Views;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Start-Sweep: runs every trial of a spec on the embedded cluster (local worker slots plus any
/// workers that join) and writes results to a run folder. Emits one Sweep.TrialResult per finished
/// trial (or the Sweep.Summary with -PassThru). Ctrl+C stops dispatching, cancels running trials,
/// publishes what finished and leaves the folder for -Resume.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "Sweep", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(TrialResultView), typeof(SweepSummaryView), typeof(SweepJob))]
public sealed class StartSweepCommand : ClusterNodeCmdlet
{
    public const string PathSet = "Path";
    public const string SpecSet = "Spec";

    /// <summary>Trials listed by -WhatIf.</summary>
    private const int WhatIfTrials = 5;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SpecSet)]
    [ValidateNotNull]
    public SweepSpec? Spec { get; set; }

    /// <summary>The run folder; default runs/&lt;spec name&gt; under the current location.</summary>
    [Parameter(Position = 1)]
    [Alias("OutputPath")]
    [ValidateNotNullOrEmpty]
    public string? Output { get; set; }

    /// <summary>Local worker slots; 0 runs nothing locally and waits for remote workers.</summary>
    [Parameter]
    [ValidateRange(0, 4096)]
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>Address remote workers use to reach this machine; default 127.0.0.1.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Hostname { get; set; }

    /// <summary>
    /// Cluster port remote workers join (0: any free port). Default: any free port for a purely local
    /// sweep (neither -Hostname nor -Port given, -Workers above 0), so local sweeps never collide;
    /// 4053 otherwise, the port Start-SweepWorker -Join expects.
    /// </summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int? Port { get; set; }

    [Parameter]
    public SwitchParameter Resume { get; set; }

    [Parameter]
    public SwitchParameter Extend { get; set; }

    [Parameter]
    public SwitchParameter Fresh { get; set; }

    /// <summary>
    /// Keeps the trials the folder holds as failed as they are. Without it, continuing a folder (-Resume, or a rerun of
    /// the same spec, or -Extend) runs them again and says so first; their new rows replace the failed ones.
    /// </summary>
    [Parameter]
    public SwitchParameter SkipFailed { get; set; }

    /// <summary>Allows more than <see cref="SpecLimits.MaxTrialsWithoutForce"/> trials.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    [ValidateRange(1, 100)]
    public int MaxAttempts { get; set; } = SweepDefaults.MaxAttempts;

    /// <summary>Deadline of each attempt: a TimeSpan or seconds.</summary>
    [Parameter]
    [Seconds]
    public TimeSpan? TrialTimeout { get; set; }

    /// <summary>
    /// -Stopping: overrides the spec's stopping rule (none, race, asha, median); the spec's other stopping settings apply
    /// for its own rule. The property cannot be called Stopping (Cmdlet.Stopping says whether the pipeline is stopping).
    /// </summary>
    [Parameter]
    [Alias("Stopping")]
    [ValidateSet("none", "race", "asha", "median")]
    public string? StoppingRule { get; set; }

    /// <summary>Resume a run folder under another stopping rule than it ran with (its pruned trials stay pruned).</summary>
    [Parameter]
    public SwitchParameter AllowStoppingChange { get; set; }

    /// <summary>Give up when no worker has been connected for this long while trials wait: a TimeSpan or seconds.</summary>
    [Parameter]
    [Seconds]
    public TimeSpan? NoWorkerTimeout { get; set; }

    /// <summary>
    /// How long a trial every connected worker declined (its dataset is on none of them) waits for a worker that can
    /// load it to join, before it is recorded as failed: a TimeSpan or seconds (30, '0:01:00'); 0 gives it up at once.
    /// </summary>
    [Parameter]
    [Seconds]
    public TimeSpan? DeclineGrace { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    public SwitchParameter AsJob { get; set; }

    /// <summary>Serves a read-only live page of the sweep until it ends; its URL is written to the information stream (shown on the console).</summary>
    [Parameter]
    public SwitchParameter Dashboard { get; set; }

    /// <summary>IP address the live page listens on; anything but loopback requires the token the printed URL carries.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string DashboardAddress { get; set; } = "127.0.0.1";

    /// <summary>Port of the live page (0: any free port).</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int DashboardPort { get; set; }

    protected override void ProcessRecord()
    {
        var spec = Spec ?? ParseSpecFile(FileSystemPath(Path));
        if (StoppingRule is not null)
        {
            try
            {
                spec = spec.WithStoppingRule(StoppingSettings.ParseRule(StoppingRule)!.Value);
            }
            catch (SpecException e)
            {
                throw Terminate(SweepErrors.InvalidSpec(e, spec.SourceName));
            }
        }

        var output = FileSystemPath(Output ?? System.IO.Path.Combine("runs", spec.Name));
        var mode = Mode();

        if (!ShouldProcess(DescribeRun(spec, output, mode), $"Run sweep '{spec.Name}' into '{output}'?", "Start-Sweep"))
        {
            return;
        }

        var tls = LoadTls();

        var (hostname, port) = ClusterEndpoint.Choose(Hostname, Port, Workers);
        CheckPortIsFree(hostname, port);
        var options = new SweepRunOptions
        {
            Tls = tls,
            OutputPath = output,
            LocalSlots = Workers,
            Hostname = hostname,
            Port = port,
            Mode = mode,
            SkipFailed = SkipFailed,
            Force = Force,
            MaxAttempts = MaxAttempts,
            TrialTimeout = TrialTimeout,
            NoWorkerTimeout = NoWorkerTimeout,
            AllowStoppingChange = AllowStoppingChange,
            DeclineGrace = DeclineGraceOrDefault(),
        };

        if (AsJob)
        {
            StartJob(spec, options);
        }
        else
        {
            RunInForeground(spec, options);
        }
    }

    private void RunInForeground(SweepSpec spec, SweepRunOptions options)
    {
        using var relay = new PipelineRelay<SweepProgress>();
        var renderer = new SweepProgressRenderer(spec.Name);
        ISweepObserver observer = new RelayObserver(options.OutputPath, SpecFactors.VaryingFields(spec), relay, emitTrials: !PassThru);
        using var dashboard = StartDashboard(spec, options, ref observer);
        var token = Cancellation.Token;
        var work = Task.Run(() => SweepRunner.RunAsync(spec, options, observer, token), CancellationToken.None);

        // In an interactive console Ctrl+C is read as a key, so the sweep stops without stopping the
        // pipeline: the warning and the -PassThru summary still reach the caller ($s = Start-Sweep ...).
        using var stopKey = ConsoleStopKey.TryCapture(Host);
        SweepSummary summary;
        try
        {
            summary = relay.Run(work, this, Cancellation, progress =>
            {
                foreach (var record in renderer.Render(progress))
                {
                    WriteProgress(record);
                }
            }, () => StopOnKey(stopKey, spec));
        }
        catch (PipelineStoppedException)
        {
            // Stopped by the host (Ctrl+C elsewhere, PowerShell.Stop): the pipeline takes no more output,
            // but the host can still show how far the sweep got. The work has ended (the relay waits for it).
            if (work.IsCompletedSuccessfully)
            {
                Host.UI.WriteWarningLine(StoppedMessage(work.Result));
            }

            throw;
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            throw Terminate(SweepErrors.From(e, "SweepFailed", options.OutputPath, options.Hostname, options.Port));
        }

        if (summary.Cancelled)
        {
            WriteWarning(StoppedMessage(summary));
        }

        if (PassThru)
        {
            WriteObject(PsObjects.Typed(SweepSummaryView.From(summary), SweepSummaryView.TypeName));
        }

        if (summary.AllFailed && !summary.Cancelled)
        {
            throw Terminate(AllTrialsFailed(spec, summary));
        }
    }

    private void StopOnKey(ConsoleStopKey? stopKey, SweepSpec spec)
    {
        if (stopKey is not null && !Cancellation.IsCancellationRequested && stopKey.Pressed())
        {
            WriteWarning($"Stopping sweep '{spec.Name}': running trials are cancelled, finished ones are kept.");
            Cancellation.Cancel();
        }
    }

    /// <summary>"stopped: 10 of 40 trials finished; run again with -Resume".</summary>
    internal static string StoppedMessage(SweepSummary summary)
    {
        var finished = summary.Skipped + summary.Completed + summary.Diverged + summary.Failed + summary.Pruned;
        return string.Create(CultureInfo.InvariantCulture,
            $"stopped: {finished} of {summary.Total} trials finished; run again with -Resume to finish the rest (results in '{summary.OutputPath}').");
    }

    private void StartJob(SweepSpec spec, SweepRunOptions options)
    {
        var job = new SweepJob(MyInvocation.Line, spec.Name, "SweepJob", options.OutputPath, options.OutputPath, new SweepProgressRenderer(spec.Name));
        var emitTrials = !PassThru;
        ISweepObserver dashboardObserver = NoObserver.Instance;
        var dashboard = StartDashboard(spec, options, ref dashboardObserver);
        JobRepository.Add(job);
        job.Start(async (j, token) =>
        {
            using var stopsWithTheSweep = dashboard;
            var summary = await SweepRunner.RunAsync(spec, options, SweepObservers.Both(new JobObserver(options.OutputPath, SpecFactors.VaryingFields(spec), j, emitTrials), dashboardObserver), token).ConfigureAwait(false);
            if (!emitTrials)
            {
                j.Output.Add(PsObjects.Typed(SweepSummaryView.From(summary), SweepSummaryView.TypeName));
            }

            return summary.AllFailed && !summary.Cancelled ? throw AllTrialsFailed(spec, summary).Exception : summary;
        });
        WriteObject(job);
    }

    /// <summary>With -Dashboard: starts the live page, writes its URL, and adds its observer to <paramref name="observer"/>. Disposing the result stops it.</summary>
    private DashboardLease? StartDashboard(SweepSpec spec, SweepRunOptions options, ref ISweepObserver observer)
    {
        if (!Dashboard)
        {
            return null;
        }

        var state = DashboardState.ForRunFolder(spec.Name, options.OutputPath);
        DashboardServer server;
        try
        {
            server = DashboardServer.Start(state, new DashboardOptions { Address = DashboardAddress, Port = DashboardPort });
        }
        catch (ArgumentException e)
        {
            throw Terminate(new ErrorRecord(e, "InvalidDashboardAddress", ErrorCategory.InvalidArgument, DashboardAddress));
        }
        catch (IOException e)
        {
            throw Terminate(new ErrorRecord(e, "DashboardUnavailable", ErrorCategory.ResourceUnavailable, $"{DashboardAddress}:{DashboardPort}"));
        }

        observer = SweepObservers.Both(observer, state);
        WriteInformation(new HostInformationMessage { Message = $"Dashboard: {server.Url}" }, ["Dashboard"]);
        return new DashboardLease(server);
    }

    /// <summary>Stops the live page when the sweep (foreground or job) ends.</summary>
    private sealed class DashboardLease(DashboardServer server) : IDisposable
    {
        public void Dispose() => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private sealed class NoObserver : ISweepObserver
    {
        public static readonly NoObserver Instance = new();

        public void OnTrialFinished(TrialRecord record)
        {
        }

        public void OnProgress(SweepProgress progress)
        {
        }

        public void OnMessage(string message)
        {
        }
    }

    /// <summary>A sweep whose trials all failed produced nothing usable: a terminating error, not a quiet summary.</summary>
    private static ErrorRecord AllTrialsFailed(SweepSpec spec, SweepSummary summary) => new(
        new InvalidOperationException(
            $"Every trial of sweep '{spec.Name}' failed ({summary.Failed}); first error: {summary.FirstError} "
            + $"The failed trials are recorded in '{summary.OutputPath}'; fix the cause and run Start-Sweep -Resume to retry them."),
        "AllTrialsFailed", ErrorCategory.InvalidResult, summary.OutputPath);

    private SweepSpec ParseSpecFile(string file)
    {
        if (!File.Exists(file))
        {
            throw Terminate(new ErrorRecord(new FileNotFoundException($"Spec file '{file}' does not exist.", file),
                "SpecFileNotFound", ErrorCategory.ObjectNotFound, file));
        }

        try
        {
            return SpecParser.ParseFile(file);
        }
        catch (SpecException e)
        {
            throw Terminate(SweepErrors.InvalidSpec(e, file));
        }
    }

    private TimeSpan DeclineGraceOrDefault()
    {
        if (DeclineGrace is not { } grace)
        {
            return SweepDefaults.DeclineGrace;
        }

        if (grace < TimeSpan.Zero)
        {
            throw Terminate(new ErrorRecord(new ArgumentException($"-DeclineGrace must be zero or more, not {grace}."),
                "InvalidDeclineGrace", ErrorCategory.InvalidArgument, grace));
        }

        return grace;
    }

    private RunFolderMode Mode()
    {
        var chosen = new[] { (Resume.IsPresent, RunFolderMode.Resume), (Extend.IsPresent, RunFolderMode.Extend), (Fresh.IsPresent, RunFolderMode.Fresh) }
            .Where(m => m.Item1).Select(m => m.Item2).ToList();
        if (chosen.Count > 1)
        {
            throw Terminate(new ErrorRecord(new ArgumentException("Use at most one of -Resume, -Extend and -Fresh."),
                "ConflictingRunModes", ErrorCategory.InvalidArgument, null));
        }

        return chosen.Count == 1 ? chosen[0] : RunFolderMode.New;
    }

    /// <summary>
    /// Fails early, with ResourceUnavailable, when the cluster port is taken. The runner would fail too,
    /// but only after starting an actor system, and with a transport exception deep in its chain.
    /// </summary>
    private void CheckPortIsFree(string hostname, int port)
    {
        if (port == 0)
        {
            return;
        }

        var address = IPAddress.TryParse(hostname, out var parsed) ? parsed : IPAddress.Any;
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw Terminate(SweepErrors.PortInUse(hostname, port, e));
        }
        catch (SocketException)
        {
            // Not an address of this machine, or not allowed: the runner reports that itself.
        }
    }

    /// <summary>What -WhatIf prints: the trial count and the first few trials with the values that vary.</summary>
    private static string DescribeRun(SweepSpec spec, string output, RunFolderMode mode)
    {
        var text = new StringBuilder();
        var total = spec.CountTrials();
        var finished = mode == RunFolderMode.Fresh ? null : FinishedTrialIds(output, spec, mode, text);
        var toRun = finished is null || finished.Count == 0 ? total : spec.EnumerateTrials().LongCount(c => !finished.Contains(TrialId.Of(c)));
        text.Append(CultureInfo.InvariantCulture, $"Run {toRun} of {total} trials of sweep '{spec.Name}' ({spec.SweepId}) into '{output}'");
        text.Append(total == toRun ? "." : string.Create(CultureInfo.InvariantCulture, $" ({total - toRun} already finished there)."));
        var shown = spec.EnumerateTrials().Where(c => finished is null || !finished.Contains(TrialId.Of(c))).Take(WhatIfTrials).ToList();
        if (shown.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" First {shown.Count}:");
        }

        var fields = spec.Axes.Select(a => a.Field).Append("seed").Distinct().ToList();
        foreach (var config in shown)
        {
            text.AppendLine();
            text.Append("  ").Append(TrialId.Of(config));
            foreach (var field in fields)
            {
                text.Append(' ').Append(field).Append('=').Append(ConfigField.Format(ConfigSchema.Find(field)?.Get(config)));
            }
        }

        if (toRun > shown.Count)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"  ... and {toRun - shown.Count} more.");
        }

        return text.ToString();
    }

    /// <summary>
    /// The trial ids already committed in <paramref name="output"/> (empty when it holds no sweep yet).
    /// A folder of another sweep is refused unless -Extend; the text says so first.
    /// </summary>
    private static IReadOnlySet<TrialId> FinishedTrialIds(string output, SweepSpec spec, RunFolderMode mode, StringBuilder text)
    {
        if (!Directory.Exists(output))
        {
            return new HashSet<TrialId>();
        }

        try
        {
            var folder = RunFolder.OpenExisting(output);
            if (folder.SweepId != spec.SweepId && mode != RunFolderMode.Extend)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"Would be refused: '{output}' holds another sweep ({folder.Name}, {folder.SweepId}); use -Extend to keep its trials, -Fresh to discard them, or another -Output. ");
                return new HashSet<TrialId>();
            }

            return folder.CommittedTrialIds();
        }
        catch (RunFolderException)
        {
            return new HashSet<TrialId>();
        }
    }
}
