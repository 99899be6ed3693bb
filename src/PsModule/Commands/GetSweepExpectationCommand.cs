using System.Management.Automation;
using Sweep.PsModule.Errors;
using Sweep.PsModule.Views;
using Sweep.Specs;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Get-SweepExpectation: the expectations a spec states about its results (its <c>expectations</c> list), each
/// checked against a run folder's data into Confirmed, Refuted or Inconclusive, with the sentence and evidence.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SweepExpectation", DefaultParameterSetName = PathSet)]
[OutputType(typeof(VerdictView))]
public sealed class GetSweepExpectationCommand : RunFolderCmdlet
{
    private readonly RunFolderSet _folders = new();

    /// <summary>A spec file whose expectations are checked instead of those stored with the folder (e.g. after editing them).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Spec { get; set; }

    /// <summary>Only verdicts with these outcomes.</summary>
    [Parameter]
    [ValidateSet("Confirmed", "Refuted", "Inconclusive")]
    public string[]? Outcome { get; set; }

    protected override void ProcessRecord() => _folders.AddRange(RunFolderPaths());

    protected override void EndProcessing()
    {
        IReadOnlyList<SpecExpectation>? expectations = null;
        if (Spec is not null)
        {
            string file = FileSystemPath(Spec);
            if (!File.Exists(file))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new FileNotFoundException($"Spec file '{file}' does not exist.", file), "SpecFileNotFound", ErrorCategory.ObjectNotFound, file));
            }

            try
            {
                expectations = SpecParser.ParseFile(file).Expectations;
            }
            catch (SpecException e)
            {
                ThrowTerminatingError(SweepErrors.InvalidSpec(e, file));
            }
        }

        foreach (var path in _folders)
        {
            if (RunFolders.TryAnalyze(this, path, targetLoss: null) is not { } analysis)
            {
                continue;
            }

            var verdicts = analysis.Verdicts(expectations);
            if (verdicts.Count == 0)
            {
                WriteWarning($"{path}: the spec states no expectations; add an 'expectations' list (see Get-Help about_Sweep) and pass it with -Spec");
            }

            foreach (var verdict in verdicts)
            {
                if (Outcome is null || Outcome.Contains(verdict.Outcome.ToString(), StringComparer.OrdinalIgnoreCase))
                {
                    WriteObject(PsObjects.Typed(VerdictView.From(verdict, path), VerdictView.TypeName));
                }
            }
        }
    }
}
