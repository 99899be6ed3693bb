using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Metrics;

public class CurveDiagnosticsTests
{
    private static string Diagnose(Func<int, double> train, Func<int, double>? val, TrialStatus status = TrialStatus.Completed) =>
        CurveDiagnostics.Diagnose(status, SyntheticTrials.Curve(train, val));

    [Fact]
    public void Both_falling_is_still_learning() =>
        Assert.Equal(Diagnoses.StillLearning, Diagnose(i => 2.0 / i, i => 2.2 / i));

    [Fact]
    public void Train_falling_while_validation_rises_is_overfitting() =>
        Assert.Equal(Diagnoses.Overfitting, Diagnose(i => 2.0 / i, i => 0.5 + 0.05 * i));

    [Fact]
    public void Train_falling_while_validation_is_flat_is_overfitting() =>
        Assert.Equal(Diagnoses.Overfitting, Diagnose(i => 2.0 / i, _ => 0.7));

    [Fact]
    public void Validation_far_above_its_best_with_flat_train_is_overfitting() =>
        Assert.Equal(Diagnoses.Overfitting, Diagnose(_ => 0.01, i => i < 5 ? 0.5 - 0.05 * i : 0.9));

    [Fact]
    public void Train_flat_while_validation_falls_is_suspect_data() =>
        Assert.Equal(Diagnoses.SuspectData, Diagnose(_ => 0.6, i => 2.0 / i));

    [Fact]
    public void Both_flat_is_converged() =>
        Assert.Equal(Diagnoses.Converged, Diagnose(i => 0.3 + 0.5 * Math.Exp(-i), i => 0.35 + 0.5 * Math.Exp(-i)));

    [Fact]
    public void Flat_far_above_the_target_is_stalled_not_converged()
    {
        // Adam at lr 0.3 on Fashion-MNIST: train and validation flat at chance level (ln 10), target 0.4.
        var curve = SyntheticTrials.Curve(i => 2.31 + 0.5 * Math.Exp(-i), i => 2.35 + 0.5 * Math.Exp(-i));
        Assert.Equal(Diagnoses.Stalled, CurveDiagnostics.Diagnose(TrialStatus.Completed, curve, targetLoss: 0.4));
        // The same curve without a target, or near the target, reads as converged.
        Assert.Equal(Diagnoses.Converged, CurveDiagnostics.Diagnose(TrialStatus.Completed, curve));
        Assert.Equal(Diagnoses.Converged, CurveDiagnostics.Diagnose(TrialStatus.Completed, curve, targetLoss: 1.5));
    }

    [Fact]
    public void Flat_train_far_above_the_target_while_validation_falls_is_stalled_not_suspect_data() =>
        Assert.Equal(
            Diagnoses.Stalled,
            CurveDiagnostics.Diagnose(TrialStatus.Completed, SyntheticTrials.Curve(_ => 2.33, i => 2.5 / Math.Sqrt(i)), targetLoss: 0.4));

    [Fact]
    public void A_run_that_fell_far_and_flattened_is_not_stalled_by_a_lower_target() =>
        // Memorising a small training set: from 1.0 down to about 1e-3, flat there; the target below it is 1e-4.
        Assert.Equal(
            Diagnoses.Converged,
            CurveDiagnostics.Diagnose(TrialStatus.Completed, SyntheticTrials.Curve(i => 1e-3 + Math.Exp(-i), null), targetLoss: 1e-4));

    [Fact]
    public void A_run_just_above_the_target_after_a_huge_first_loss_is_not_stalled()
    {
        // Adagrad at lr 0.1 on Fashion-MNIST: a first mean loss of 90, then down to 0.42 against a target of 0.4.
        var curve = SyntheticTrials.Curve(i => i == 1 ? 90 : 0.415 + 0.003 * Math.Sin(i), i => 0.41 + 0.003 * Math.Cos(i));
        Assert.NotEqual(Diagnoses.Stalled, CurveDiagnostics.Diagnose(TrialStatus.Completed, curve, targetLoss: 0.4));
    }

    [Fact]
    public void A_run_that_fell_from_a_spike_to_just_above_its_initial_loss_is_stalled()
    {
        // Adagrad at lr 1 on Fashion-MNIST: initial loss 2.3, a first mean loss of 50, then flat at 2.8; target 0.4.
        var curve = SyntheticTrials.Curve(i => i == 1 ? 50 : i < 5 ? 10.0 / i : 2.8, i => 3.1);
        Assert.Equal(Diagnoses.Stalled, CurveDiagnostics.Diagnose(TrialStatus.Completed, curve, targetLoss: 0.4, initialLoss: 2.3));
    }

    [Fact]
    public void Ending_far_above_the_initial_loss_is_diverging_even_when_finite()
    {
        // RMSprop at lr 1 on Fashion-MNIST: initial loss 2.3, flat around 1,500 by the end.
        var curve = SyntheticTrials.Curve(i => 1500 + 5 * Math.Sin(i), i => 900 + 3 * Math.Cos(i));
        Assert.Equal(Diagnoses.Diverging, CurveDiagnostics.Diagnose(TrialStatus.Completed, curve, targetLoss: 0.4, initialLoss: 2.3));
        // A loss that is still coming down from such a level is not.
        var recovering = SyntheticTrials.Curve(i => 1500.0 / i, null);
        Assert.NotEqual(Diagnoses.Diverging, CurveDiagnostics.Diagnose(TrialStatus.Completed, recovering, targetLoss: 0.4, initialLoss: 2.3));
    }

    [Fact]
    public void A_memorising_run_with_its_initial_loss_is_not_stalled() =>
        Assert.Equal(
            Diagnoses.Converged,
            CurveDiagnostics.Diagnose(
                TrialStatus.Completed, SyntheticTrials.Curve(i => 1e-3 + Math.Exp(-i), null), targetLoss: 1e-4, initialLoss: 1.0));

    [Fact]
    public void A_falling_run_far_above_the_target_is_still_learning() =>
        Assert.Equal(
            Diagnoses.StillLearning,
            CurveDiagnostics.Diagnose(TrialStatus.Completed, SyntheticTrials.Curve(i => 20.0 / i, i => 22.0 / i), targetLoss: 0.01));

    [Fact]
    public void Both_rising_is_diverging() =>
        Assert.Equal(Diagnoses.Diverging, Diagnose(i => 0.5 * Math.Exp(0.2 * i), i => 0.6 * Math.Exp(0.2 * i)));

    [Fact]
    public void A_small_rise_of_both_near_their_best_is_not_divergence() =>
        Assert.Equal(Diagnoses.Overfitting, Diagnose(i => i < 12 ? 1.0 / i : 0.09 + 0.003 * (i - 12), i => i < 12 ? 1.1 / i : 0.1 + 0.003 * (i - 12)));

    [Fact]
    public void A_noisy_train_plateau_with_one_low_dip_is_not_divergence() =>
        Assert.Equal(Diagnoses.Overfitting, Diagnose(i => i < 8 ? 1.0 / i : i == 14 ? 0.04 : 0.12 + 0.06 * (i % 2), i => i < 8 ? 0.5 / i : 0.03 + 0.001 * i));

    [Fact]
    public void Train_rising_without_validation_is_diverging() =>
        Assert.Equal(Diagnoses.Diverging, Diagnose(i => 0.5 * Math.Exp(0.2 * i), null));

    [Fact]
    public void Train_wobbling_up_while_validation_holds_is_a_plateau_not_divergence() =>
        Assert.Equal(Diagnoses.Converged, Diagnose(i => i < 15 ? 1.0 : 1.05, _ => 1.0));

    [Fact]
    public void A_nan_train_loss_is_diverging() =>
        Assert.Equal(Diagnoses.Diverging, Diagnose(i => i < 15 ? 1.0 / i : double.NaN, null));

    [Fact]
    public void Status_diverged_wins_over_a_falling_curve() =>
        Assert.Equal(Diagnoses.Diverging, Diagnose(i => 2.0 / i, i => 2.0 / i, TrialStatus.Diverged));

    [Fact]
    public void Failed_trials_are_failed_whatever_the_curve() =>
        Assert.Equal(Diagnoses.Failed, Diagnose(i => 2.0 / i, null, TrialStatus.Failed));

    [Fact]
    public void Without_validation_the_train_curve_decides()
    {
        Assert.Equal(Diagnoses.StillLearning, Diagnose(i => 2.0 / i, null));
        Assert.Equal(Diagnoses.Converged, Diagnose(_ => 0.2, null));
    }

    [Fact]
    public void Noise_near_zero_loss_is_not_read_as_rising()
    {
        // A memorised training set: the loss wobbles between 1e-5 and 3e-5 after falling from 2.
        var trend = CurveDiagnostics.TrendOf([.. Enumerable.Range(1, 20).Select(i => i < 5 ? 2.0 / i : 1e-5 * (1 + 2 * (i % 2)))]);
        Assert.Equal(Trend.Flat, trend);
    }

    [Theory]
    [InlineData(new double[] { 1.0 }, Trend.Unknown)]
    [InlineData(new double[] { 1.0, 0.5 }, Trend.Falling)]
    [InlineData(new double[] { 1.0, 1.0, 1.0 }, Trend.Flat)]
    [InlineData(new double[] { 1.0, 1.2, 1.5, 2.0, 2.5 }, Trend.Rising)]
    public void Trend_of_short_series(double[] losses, Trend expected) =>
        Assert.Equal(expected, CurveDiagnostics.TrendOf(losses));
}
