using Sweep.Actors.Scheduling.Stopping;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Tests.Protocol;

/// <summary>One instance of every protocol message, with every field away from its default.</summary>
internal static class SampleMessages
{
    public static readonly TrialConfig Config = new TrialConfig
    {
        Dataset = "csv",
        DatasetPath = "/data/x.csv",
        Depth = 7,
        Width = 33,
        Optimizer = "adam",
        Lr = 0.00123,
        Momentum = null,
        Eps = 1e-7,
        TargetLoss = 0.25,
        IllScaled = true,
        Seed = 1234567890123,
    };

    public static TrialSummary Summary()
    {
        object summary = new TrialSummary();
        int i = 1;
        foreach (var property in typeof(TrialSummary).GetProperties().Where(p => p.CanWrite))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            property.SetValue(summary, Convert.ChangeType(i++ + 0.5 * (type == typeof(double) ? 1 : 0), type, System.Globalization.CultureInfo.InvariantCulture));
        }

        return (TrialSummary)summary;
    }

    public static EvalPoint[] Curve(int count) => Enumerable.Range(0, count)
        .Select(i => new EvalPoint(i * 10, i / 5, i * 320L, i * 0.01, 0.1, 1.0 / (i + 1), double.NaN, 0.5 + i * 1e-3, 2.5, i % 2 == 0, 10.25, 1e-3))
        .ToArray();

    public static LayerPoint[] Layers(int count) => Enumerable.Range(0, count)
        .Select(i => new LayerPoint(i * 10, i % 4, i % 4 == 0 ? "stem" : "hidden", 0.1 * i, 2.0, -0.5, 1.5, 0.01, 0.2))
        .ToArray();

    public static IEnumerable<object> All() =>
    [
        new RegisterWorker("box#4242", 8, "0.1.0+numerics.1", "box@10.0.0.5"),
        new WorkerAccepted("0123456789abcdef"),
        new WorkerRefused("engine version differs"),
        RegisterAgain.Instance,
        WorkAvailable.Instance,
        new RequestWork(3),
        new AssignTrial(2, TrialId.Parse("00000000000000aa"), 2, new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc), Config),
        new AssignTrial(0, TrialId.Parse("00000000000000ab"), 1, DateTime.MaxValue, new TrialConfig()),
        new AssignTrial(1, TrialId.Parse("00000000000000ac"), 2, DateTime.MaxValue, new TrialConfig(), StreamEvaluations: true, StopAtStep: 120),
        new AssignTrial(1, TrialId.Parse("00000000000000ad"), 1, DateTime.MaxValue, new TrialConfig(), StreamEvaluations: true, HoldAt: new RungSchedule(25, 3)),
        new TrialProgressReport(TrialId.Parse("00000000000000aa"), 1, 150, 300, 0.42),
        new TrialResultPart(TrialId.Parse("00000000000000aa"), 1, 4, Curve(3), Layers(5)),
        new TrialFinished(1, TrialId.Parse("00000000000000aa"), 2, TrialStatus.Diverged, "box#4242", "box@10.0.0.5",
            new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 1, 0, DateTimeKind.Utc), 60.5,
            Summary(), 3, Curve(7), Layers(2)),
        new TrialFinishedAck(TrialId.Parse("00000000000000aa")),
        new TrialFailed(1, TrialId.Parse("00000000000000aa"), 2, "InvalidOperationException: boom"),
        new TrialDeclined(0, TrialId.Parse("00000000000000aa"), 1, "/data/x.csv: file not found"),
        new CancelTrial(TrialId.Parse("00000000000000aa")),
        new TrialEvaluated(TrialId.Parse("00000000000000aa"), 2, 300, new EvalPoint(150, 2, 2400, 1.5, 0.01, 0.42, 0.45, 0.88, 1.2, true, 30, 0.001)),
        new TrialEvaluated(TrialId.Parse("00000000000000ab"), 1, 300, new EvalPoint(75, 1, 1200, 0.5, 0.01, 0.5, 0.55, 0.8, 1.1, false, 15, 0.001), AwaitsVerdict: true),
        new StopTrial(TrialId.Parse("00000000000000aa"), 150),
        new ContinueTrial(TrialId.Parse("00000000000000ab"), 75),
    ];
}
