using Sweep.Actors.Scheduling;
using Sweep.Actors.Scheduling.Stopping;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Tests.Scheduling.Stopping.ScriptedCurves;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

/// <summary>Replays of a stopping rule over recorded full curves; expected figures worked out by hand before the runs.</summary>
public sealed class StoppingSimulationTests
{
    /// <summary>Four configurations (learning rates), one seed, 40 steps with a point every 10; ASHA eta 2 from step 10: rungs 10 and 20.</summary>
    private static SweepSpec Spec(string mode, int seeds = 1) => SpecParser.Parse($$"""
        {
          "name": "replay",
          "steps": 40,
          "eval_every": 10,
          "axes": { "lr": [0.1, 0.2, 0.3, 0.4] },
          "seeds": {{seeds}},
          "stopping": { "rule": "asha", "metric": "train_loss", "eta": 2, "min_steps": 10, "mode": "{{mode}}" }
        }
        """, "replay.json");

    private static Dictionary<TrialId, StoppingSimulation.Recorded> Record(SweepSpec spec, Func<int, IReadOnlyList<EvalPoint>> curveOf) =>
        DispatchOrder.For(spec).Select((config, i) => (config, i))
            .ToDictionary(t => TrialId.Of(t.config), t => new StoppingSimulation.Recorded(t.config, TrialStatus.Completed, curveOf(t.i)));

    [Fact]
    public void Asynchronous_asha_stops_the_worst_configuration_at_the_first_rung_when_it_arrives_last()
    {
        var spec = Spec("async");
        // Dispatch order is known (configuration id order): the last one dispatched is the worst at every point.
        var recorded = Record(spec, i => i == 3 ? Curve(10, 2.0, 2.0, 2.0, 2.0) : Curve(10, 1.0, 0.5, 0.4, 0.3));

        var result = StoppingSimulation.Run(spec, recorded, slots: 1);

        // Three trials run their 40 steps (identical values are never worse than the cut); the fourth stops at step 10.
        Assert.Equal(130, result.StepsRun);
        Assert.Equal(0, result.StepsRerun);
        var pruned = Assert.Single(result.Trials, t => t.Status == TrialStatus.Pruned);
        Assert.Equal(TrialId.Of(DispatchOrder.For(spec).Last()), pruned.Trial);
        Assert.Equal(10, pruned.StepsRun);
    }

    [Fact]
    public void Synchronous_halving_counts_the_steps_promoted_trials_run_again_from_step_0()
    {
        var spec = Spec("async");
        // Whatever the dispatch order: values by learning rate, the lowest best at both rungs.
        var recorded = DispatchOrder.For(spec).ToDictionary(TrialId.Of, config =>
        {
            double scale = config.Lr * 10;
            return new StoppingSimulation.Recorded(config, TrialStatus.Completed, Curve(10, scale, scale / 2, scale / 3, scale / 4));
        });

        var result = StoppingSimulation.Run(spec, recorded, slots: 2, RungMode.Sync);

        // Rung 10: lr 0.1 and 0.2 promoted, 0.3 and 0.4 stop at 10. Rung 20: lr 0.1 promoted, 0.2 stops at 20 (after
        // re-running its 10). lr 0.1 runs 40 after re-running 10 and 20. Steps: 10 + 10 + 20 + 40; re-run: 10 + 30.
        Assert.Equal(80, result.StepsRun);
        Assert.Equal(40, result.StepsRerun);
        Assert.Equal(120, result.StepsAdaptive);
        var byLr = result.Trials.ToDictionary(t => t.Config.Lr);
        Assert.Equal([40, 20, 10, 10], new[] { 0.1, 0.2, 0.3, 0.4 }.Select(lr => byLr[lr].StepsRun));
        Assert.Equal(TrialStatus.Completed, byLr[0.1].Status);
        Assert.All(new[] { 0.2, 0.3, 0.4 }, lr => Assert.Equal(TrialStatus.Pruned, byLr[lr].Status));
        Assert.Equal(result.StepsRun, StoppingSimulation.Run(spec, recorded, slots: 1, RungMode.Sync).StepsRun);
    }

    [Fact]
    public void Synchronous_halving_keeps_a_trial_that_reached_the_rung_at_its_last_point_as_it_ended()
    {
        var spec = Spec("async");
        // lr 0.4 is evaluated at step 40 only: its rung-10 run is its whole run. It is the worst at rung 10.
        var recorded = DispatchOrder.For(spec).ToDictionary(TrialId.Of, config =>
        {
            double scale = config.Lr * 10;
            var curve = config.Lr == 0.4 ? Curve(40, scale) : Curve(10, scale, scale / 2, scale / 3, scale / 4);
            return new StoppingSimulation.Recorded(config, TrialStatus.Completed, curve);
        });

        var result = StoppingSimulation.Run(spec, recorded, slots: 1, RungMode.Sync);

        var sparse = Assert.Single(result.Trials, t => t.Config.Lr == 0.4);
        Assert.Equal((TrialStatus.Completed, 40L, (StopDecision?)null), (sparse.Status, sparse.StepsRun, sparse.Decision));
        Assert.Equal(TrialStatus.Pruned, Assert.Single(result.Trials, t => t.Config.Lr == 0.3).Status);
    }

    [Fact]
    public void A_trial_without_a_recorded_curve_is_named()
    {
        var spec = Spec("async");
        var recorded = Record(spec, _ => Curve(10, 1, 1, 1, 1));
        var missing = TrialId.Of(DispatchOrder.For(spec).First());
        recorded.Remove(missing);

        var error = Assert.Throws<ArgumentException>(() => StoppingSimulation.Run(spec, recorded, slots: 1));

        Assert.Contains(missing.ToString(), error.Message, StringComparison.Ordinal);
    }
}
