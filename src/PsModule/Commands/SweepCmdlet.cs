using System.Management.Automation;

namespace Sweep.PsModule.Commands;

/// <summary>
/// What every Sweep cmdlet shares: a cancellation source created in BeginProcessing and cancelled by
/// StopProcessing (Ctrl+C, Stop-Job, a downstream Select-Object -First), and provider-aware paths.
/// </summary>
public abstract class SweepCmdlet : PSCmdlet, IDisposable
{
    private CancellationTokenSource? _cancellation;

    /// <summary>Cancelled when the pipeline stops. Created in BeginProcessing.</summary>
    private protected CancellationTokenSource Cancellation =>
        _cancellation ?? throw new InvalidOperationException("BeginProcessing has not run.");

    protected override void BeginProcessing() => _cancellation = new CancellationTokenSource();

    protected override void StopProcessing() => _cancellation?.Cancel();

    public void Dispose()
    {
        _cancellation?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Throws <paramref name="record"/> as a terminating error. Returns an exception only so that callers
    /// can write <c>throw Terminate(...)</c> and the compiler sees the branch end.
    /// </summary>
    private protected Exception Terminate(ErrorRecord record)
    {
        ThrowTerminatingError(record);
        return new InvalidOperationException(record.Exception.Message);
    }

    /// <summary>Ends the command with MalformedTrialId (InvalidArgument) when an id is not 16 hex digits.</summary>
    private protected void RequireWellFormedTrialIds(IEnumerable<string>? trialIds)
    {
        foreach (var id in trialIds ?? [])
        {
            if (id.Length != Specs.TrialId.Length || !id.All(char.IsAsciiHexDigit))
            {
                throw Terminate(Errors.SweepErrors.MalformedTrialId(id));
            }
        }
    }

    /// <summary>A file-system path from what the user typed (relative to the current location, ~ expanded); need not exist.</summary>
    private protected string FileSystemPath(string path) => GetUnresolvedProviderPathFromPSPath(path);
}
