using System.Management.Automation;
using Sweep.Actors;
using Sweep.PsModule.Errors;
using Sweep.PsModule.Running;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Start-SweepWorker: joins this machine to a running sweep's cluster and trains the trials it is
/// given, until Ctrl+C (or Stop-Job with -AsJob), then leaves the cluster gracefully.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "SweepWorker")]
[OutputType(typeof(SweepJob))]
public sealed class StartSweepWorkerCommand : ClusterNodeCmdlet
{
    /// <summary>host:port of the machine running Start-Sweep.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidatePattern(@"^[^:\s]+:\d{1,5}$")]
    public string Join { get; set; } = "";

    /// <summary>This worker's name in the results (trials.worker) and logs; default: machine name and process id.</summary>
    [Parameter]
    [ValidateWorkerName]
    public string? Name { get; set; }

    [Parameter]
    [ValidateRange(1, 4096)]
    public int Slots { get; set; } = Environment.ProcessorCount;

    /// <summary>Address the coordinator uses to reach this worker.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>Port this worker listens on (0: any free port).</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    [Parameter]
    public SwitchParameter AsJob { get; set; }

    protected override void ProcessRecord()
    {
        var tls = LoadTls();

        var options = new WorkerOptions { Join = Join, Name = Name, Slots = Slots, Hostname = Hostname, Port = Port, Tls = tls };
        if (AsJob)
        {
            var job = new SweepJob(MyInvocation.Line, $"worker {Join}", "SweepWorkerJob", Join, null, null);
            JobRepository.Add(job);
            job.Start(async (j, token) =>
            {
                await WorkerNode.RunAsync(options, message => j.Information.Add(Information(message)), token).ConfigureAwait(false);
                return null;
            });
            WriteObject(job);
            return;
        }

        using var relay = new PipelineRelay<object>();
        var token = Cancellation.Token;
        var work = Task.Run(async () =>
        {
            await WorkerNode.RunAsync(options, message => relay.Post(cmdlet => cmdlet.WriteInformation(Information(message))), token).ConfigureAwait(false);
            return true;
        }, CancellationToken.None);
        try
        {
            relay.Run(work, this, Cancellation, _ => { });
        }
        catch (Exception e) when (e is not PipelineStoppedException && !token.IsCancellationRequested)
        {
            throw Terminate(SweepErrors.From(e, "WorkerFailed", Join, Hostname, Port));
        }
    }

    /// <summary>A worker log line, shown on the host like Write-Host (and capturable with 6&gt;).</summary>
    private static InformationRecord Information(string message) =>
        new(new HostInformationMessage { Message = message }, "Start-SweepWorker") { Tags = { "Sweep", "Worker" } };
}
