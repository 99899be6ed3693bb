using System.Management.Automation;
using System.Net.Sockets;
using Sweep.Engine.Data;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.PsModule.Errors;

/// <summary>
/// Every error the cmdlets raise, with a stable id (the first part of FullyQualifiedErrorId) and the
/// category a script can catch on. Ids never change once published: scripts match on them.
/// </summary>
internal static class SweepErrors
{
    /// <summary>
    /// A spec with errors; the message lists each as "source:line:col: json.path: message". Category
    /// InvalidData when the file is not UTF-8 text, else InvalidArgument.
    /// </summary>
    public static ErrorRecord InvalidSpec(SpecException exception, object? target) => exception.InvalidText
        ? Record(exception, "InvalidSpec", ErrorCategory.InvalidData, target,
            "Save the spec as UTF-8 text; the error gives the byte offset of the first invalid byte.")
        : Record(exception, "InvalidSpec", ErrorCategory.InvalidArgument, target,
            "Fix the fields named above (see Get-Help about_Sweep for the spec format).");

    /// <summary>A config (Invoke-SweepTrial -Config) that the engine would refuse.</summary>
    public static ErrorRecord InvalidConfig(string message, object? target) =>
        Record(new ArgumentException(message), "InvalidConfig", ErrorCategory.InvalidArgument, target,
            "Use the snake_case field names and values listed in Get-Help about_Sweep.");

    /// <summary>A run folder that cannot be used, by the reason the results store gives.</summary>
    public static ErrorRecord RunFolder(RunFolderException exception, string path) => exception.Reason switch
    {
        RunFolderFailure.NotFound => Record(exception, "RunFolderNotFound", ErrorCategory.ObjectNotFound, path,
            "Give the -Output folder of an earlier Start-Sweep."),
        RunFolderFailure.SpecMismatch => WithMessage(Record(exception, "SpecMismatch", ErrorCategory.InvalidOperation, path,
            "Run it again with -Extend to keep the finished trials, -Fresh to discard them, or another -Output folder."),
            InParameterTerms(exception.Message)),
        RunFolderFailure.NewerSchema => Record(exception, "RunFolderNewerSchema", ErrorCategory.InvalidOperation, path,
            "Read this folder with the newer version of Sweep that wrote it."),
        RunFolderFailure.NotWritable => Record(exception, "RunFolderNotWritable", ErrorCategory.PermissionDenied, path, null),
        RunFolderFailure.InUse => Record(exception, "RunFolderInUse", ErrorCategory.ResourceUnavailable, path,
            "Another Start-Sweep (maybe in another window) is writing this folder; wait for it or stop it."),
        _ => Record(exception, "RunFolderCorrupt", ErrorCategory.InvalidData, path, null),
    };

    /// <summary>A path that names no run folder, found before the results store was asked.</summary>
    public static ErrorRecord RunFolderNotFound(string path, bool wildcard = false) =>
        Record(new DirectoryNotFoundException(wildcard ? $"No folder matches '{path}'." : $"No run folder at '{path}'."),
            "RunFolderNotFound", ErrorCategory.ObjectNotFound, path,
            "Give the -Output folder of an earlier Start-Sweep (-Path takes wildcards, -LiteralPath does not).");

    /// <summary>The cluster port is taken by another process (often another sweep).</summary>
    public static ErrorRecord PortInUse(string hostname, int port, Exception? inner) =>
        Record(new IOException($"Port {port} on {hostname} is already in use; another sweep or worker may be running.", inner),
            "PortInUse", ErrorCategory.ResourceUnavailable, port,
            "Stop the other process, or choose a free port with -Port (0 picks any free port; remote workers then cannot know it).");

    /// <summary>A trial id that a run folder does not hold.</summary>
    public static ErrorRecord TrialNotFound(string trialId, string path) =>
        Record(new ItemNotFoundException($"Run folder '{path}' holds no trial '{trialId}'."), "TrialNotFound", ErrorCategory.ObjectNotFound, trialId,
            "List the trials with Get-SweepTrial -Path.");

    /// <summary>A -TrialId that cannot be a trial id (16 hex digits), told apart from one the folder does not hold.</summary>
    public static ErrorRecord MalformedTrialId(string trialId) =>
        Record(new ArgumentException($"-TrialId '{trialId}' is not a trial id: trial ids are {Specs.TrialId.Length} hexadecimal digits, e.g. 1dcb75346cddf189."),
            "MalformedTrialId", ErrorCategory.InvalidArgument, trialId, "Copy the id from Get-SweepTrial's TrialId column, or press Tab after -TrialId.");

    /// <summary>A Get-SweepTrial filter naming an unknown setting or a value the setting cannot take.</summary>
    public static ErrorRecord InvalidFilter(string message, object? target) =>
        Record(new ArgumentException(message), "InvalidTrialFilter", ErrorCategory.InvalidArgument, target,
            "Use the settings' snake_case names (lr, batch_size, ...) or property names (Lr, BatchSize, ...) with values of their type (Get-Help about_Sweep).");

    /// <summary>A job argument that is not a sweep job of this module.</summary>
    public static ErrorRecord NotASweepJob(object job) =>
        Record(new ArgumentException($"Job '{job}' was not started by Start-Sweep -AsJob."), "NotASweepJob", ErrorCategory.InvalidArgument, job, null);

    /// <summary>A dataset file the engine cannot use (missing, malformed).</summary>
    public static ErrorRecord DatasetUnusable(Exception exception, object? target) =>
        Record(exception, "DatasetUnusable", ErrorCategory.ReadError, target, null);

    /// <summary>The report could not be shown in a browser; it was written.</summary>
    public static ErrorRecord CannotOpenReport(Exception exception, string file) =>
        Record(exception, "CannotOpenReport", ErrorCategory.NotInstalled, file, $"Open '{file}' in a browser yourself.");

    /// <summary>Anything the work threw that has no more specific id.</summary>
    public static ErrorRecord Unexpected(Exception exception, string id, object? target) =>
        Record(exception, id, ErrorCategory.NotSpecified, target, null);

    /// <summary>
    /// The record for an exception thrown by the library: the specific id where one fits, else
    /// <paramref name="fallbackId"/>. <paramref name="path"/> is the run folder or spec the cmdlet was given.
    /// </summary>
    public static ErrorRecord From(Exception exception, string fallbackId, string? path, string hostname = "", int port = 0)
    {
        var inner = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        return inner switch
        {
            SpecException spec => InvalidSpec(spec, path),
            RunFolderException folder => RunFolder(folder, path ?? ""),
            DatasetException dataset => DatasetUnusable(dataset, path),
            _ when IsAddressInUse(inner) => PortInUse(hostname, port, inner),
            _ => Unexpected(inner, fallbackId, path),
        };
    }

    /// <summary>True when an exception chain holds a bind failure because the address is in use.</summary>
    public static bool IsAddressInUse(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsAddressInUse))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The results store names run-folder modes as RunFolderMode values, and the runner names sweep-worker's options;
    /// a cmdlet user knows them as switches.
    /// </summary>
    internal static string InParameterTerms(string message) =>
        message.Replace("mode Extend", "-Extend", StringComparison.Ordinal).Replace("mode Fresh", "-Fresh", StringComparison.Ordinal)
            .Replace("mode Resume", "-Resume", StringComparison.Ordinal).Replace("--skip-failed", "-SkipFailed", StringComparison.Ordinal);

    private static ErrorRecord WithMessage(ErrorRecord record, string message)
    {
        record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = record.ErrorDetails?.RecommendedAction };
        return record;
    }

    private static ErrorRecord Record(Exception exception, string id, ErrorCategory category, object? target, string? recommendedAction)
    {
        var record = new ErrorRecord(exception, id, category, target);
        if (recommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
        }

        return record;
    }
}
