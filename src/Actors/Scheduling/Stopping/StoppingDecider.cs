using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// The coordinator's stopping decisions, beside <see cref="SchedulingState"/> and as plain: fed the evaluation points
/// workers stream while trials run and every committed trial, it says which running trial to stop and keeps each
/// decision until the trial is committed, so a re-run attempt (its worker was lost) carries the step to stop at.
/// Points are de-duplicated by step per trial: an attempt re-run from step 0 repeats points the rule has seen, and the
/// engine is deterministic, so they are the same points.
/// </summary>
internal sealed class StoppingDecider
{
    private readonly IStopRule _rule;
    private readonly Dictionary<TrialId, long> _lastStep = [];
    private readonly Dictionary<TrialId, StopDecision> _decisions = [];

    private StoppingDecider(StoppingSettings settings, IStopRule rule)
    {
        Settings = settings;
        _rule = rule;
    }

    public StoppingSettings Settings { get; }

    /// <summary>
    /// Where a running trial waits for the verdict on its point (asynchronous ASHA's rungs; null: nowhere, decisions
    /// arrive while it trains on). Rungs are few, so holding costs a round trip a rung, and a trial of fast steps is
    /// stopped at the rung that decided it, not wherever it got to by the time the decision arrived.
    /// </summary>
    public RungSchedule? HoldPoints => _rule is AshaRule asha ? asha.Schedule : null;

    /// <summary>The decider for <paramref name="spec"/>'s stopping section; null when it stops nothing.</summary>
    /// <exception cref="InvalidOperationException">A race without a target (the spec parser refuses one already).</exception>
    public static StoppingDecider? For(SweepSpec spec)
    {
        var settings = spec.Stopping;
        IStopRule? rule = settings.Rule switch
        {
            StopRuleKind.Race => new RaceRule(spec.RaceTarget ?? throw new InvalidOperationException(SweepSpec.RaceNeedsTarget), settings.Slack),
            StopRuleKind.Asha => new AshaRule(new StopMetric(settings.Metric), settings.Eta, settings.MinSteps),
            StopRuleKind.Median => new MedianRule(new StopMetric(settings.Metric), settings.GraceSteps, settings.StartupTrials),
            _ => null,
        };
        return rule is null ? null : new StoppingDecider(settings, rule);
    }

    /// <summary>For tests: a decider over one rule.</summary>
    internal static StoppingDecider Over(StoppingSettings settings, IStopRule rule) => new(settings, rule);

    /// <summary>
    /// A running trial reached <paramref name="point"/> of a <paramref name="budget"/>-step budget: the decision to stop
    /// it when the rule takes one now (null otherwise, and for a point already seen or a trial already decided).
    /// </summary>
    public StopDecision? Evaluated(TrialId trial, TrialConfig config, EvalPoint point, long budget)
    {
        if (_decisions.ContainsKey(trial) || (_lastStep.TryGetValue(trial, out long last) && point.Step <= last))
        {
            return null;
        }

        _lastStep[trial] = point.Step;
        var decision = _rule.Evaluated(trial, StopMetric.ConfigurationOf(config), point, budget);
        if (decision is not null)
        {
            _decisions[trial] = decision;
        }

        return decision;
    }

    /// <summary>The decision taken for a trial not yet committed, if any.</summary>
    public StopDecision? DecisionFor(TrialId trial) => _decisions.GetValueOrDefault(trial);

    /// <summary>A trial is committed (whatever its status: one that completed before its stop arrived stays completed).</summary>
    public void Ended(TrialId trial, TrialConfig config, TrialStatus status, IReadOnlyList<EvalPoint> curve)
    {
        _decisions.Remove(trial);
        _lastStep.Remove(trial);
        _rule.Ended(trial, StopMetric.ConfigurationOf(config), status, curve);
    }

    /// <summary>
    /// On resume: a trial committed by an earlier run, replayed point by point and then ended, so the rule's state
    /// continues where it was (its rung records, incumbents and completed curves). Decisions replay takes are dropped:
    /// the trial's status is already what was decided.
    /// </summary>
    public void Replay(TrialId trial, TrialConfig config, TrialStatus status, IReadOnlyList<EvalPoint> curve)
    {
        long budget = config.Epochs == 0 && config.Steps > 0 ? config.Steps : curve.Count > 0 ? curve[^1].Step : 0;
        var configuration = StopMetric.ConfigurationOf(config);
        foreach (var point in curve)
        {
            _rule.Evaluated(trial, configuration, point, budget);
        }

        _rule.Ended(trial, configuration, status, curve);
    }
}
