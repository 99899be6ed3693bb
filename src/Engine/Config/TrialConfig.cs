namespace Sweep.Engine.Config;

/// <summary>
/// One trial: every factor of the sweep plus the seed. Property names are the PascalCase form of
/// the snake_case names users type in specs (<see cref="ConfigSchema"/> maps between them).
/// Immutable; derive variants with <c>with</c>. Call <see cref="Validate"/> before training.
/// </summary>
public sealed record TrialConfig
{
    // ---- data ----
    public string Dataset { get; init; } = "spirals";
    /// <summary>File or folder for fashion-mnist, csv and parquet; unused by synthetic sets.</summary>
    public string DatasetPath { get; init; } = "";
    /// <summary>Label column of a csv or parquet table.</summary>
    public string LabelColumn { get; init; } = "label";
    /// <summary>Synthetic sets: examples generated. File sets: 0 = all rows, else a seeded subset of that size.</summary>
    public int Samples { get; init; } = 1000;
    /// <summary>Spiral arms, blob centres, teacher-classification classes.</summary>
    public int Classes { get; init; } = 3;
    /// <summary>Input dimension of blobs and teacher sets (the 2-D sets ignore it).</summary>
    public int Features { get; init; } = 2;
    public double Noise { get; init; } = 0.1;
    /// <summary>Multiply features by scales spanning several orders of magnitude (shows why scaling matters).</summary>
    public bool IllScaled { get; init; }
    /// <summary>none, minmax or standardize; fitted on the training split only.</summary>
    public string FeatureScaling { get; init; } = "none";
    /// <summary>Fraction held out for validation; the split is fixed by the seed.</summary>
    public double ValFraction { get; init; } = 0.2;

    // ---- architecture ----
    /// <summary>Hidden layers (stem included): 1..1024.</summary>
    public int Depth { get; init; } = 2;
    public int Width { get; init; } = 64;
    public bool Residual { get; init; }
    public string Activation { get; init; } = "relu";
    public string Init { get; init; } = "he-normal";
    /// <summary>Standard deviation of the gaussian init.</summary>
    public double InitStd { get; init; } = 0.01;
    public string Norm { get; init; } = "none";

    // ---- optimizer (PyTorch's update rules and defaults) ----
    public string Optimizer { get; init; } = "sgd";
    public double Lr { get; init; } = 0.01;
    /// <summary>Null = the optimizer's default: 0.9 for momentum and nesterov, 0 otherwise.</summary>
    public double? Momentum { get; init; }
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Null = the optimizer's PyTorch default (adagrad 1e-10, adadelta 1e-6, others 1e-8).</summary>
    public double? Eps { get; init; }
    /// <summary>AdaDelta's decay.</summary>
    public double Rho { get; init; } = 0.9;
    /// <summary>RMSprop's decay.</summary>
    public double Alpha { get; init; } = 0.99;
    /// <summary>L2 penalty added to the gradient (decoupled decay for adamw).</summary>
    public double WeightDecay { get; init; }

    // ---- learning-rate schedule (all in optimizer steps) ----
    public string LrSchedule { get; init; } = "constant";
    /// <summary>Linear warm-up from lr/warmup_steps to lr over this many steps; 0 = none.</summary>
    public int WarmupSteps { get; init; }
    /// <summary>step: multiply by lr_gamma every lr_step_size steps; exponential: lr * lr_gamma^(t / lr_step_size).</summary>
    public double LrGamma { get; init; } = 0.1;
    /// <summary>0 = a third of the step budget.</summary>
    public int LrStepSize { get; init; }
    /// <summary>cosine: the floor it anneals to at the end of the budget.</summary>
    public double LrMin { get; init; }

    // ---- gradient clipping (0 = off) ----
    public double ClipNorm { get; init; }
    public double ClipValue { get; init; }

    // ---- budget and evaluation ----
    /// <summary>Mini-batch size; 0 = the full training set every step.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Exactly one of epochs and steps is positive.</summary>
    public int Epochs { get; init; } = 10;
    public int Steps { get; init; }
    /// <summary>Evaluate every this many steps, and at every epoch end; 0 = epoch ends only.</summary>
    public int EvalEvery { get; init; }

    // ---- convergence ----
    /// <summary>Converged once the relative change of the smoothed train loss stays below tol ...</summary>
    public double Tol { get; init; } = 1e-3;
    /// <summary>... for this many consecutive evaluation points.</summary>
    public int Patience { get; init; } = 5;
    public bool EarlyStop { get; init; }
    /// <summary>Train loss whose first crossing gives steps_to_target; null = none.</summary>
    public double? TargetLoss { get; init; }

    /// <summary>Seeds data generation, the split, init and batch order.</summary>
    public long Seed { get; init; }

    /// <summary>True when the loss is MSE (regression) rather than cross-entropy.</summary>
    public bool IsRegression => Catalog.RegressionDatasets.Contains(Dataset);

    /// <summary>Momentum with the optimizer default applied.</summary>
    public double EffectiveMomentum => Momentum ?? (Optimizer is "momentum" or "nesterov" ? 0.9 : 0.0);

    /// <summary>Eps with the optimizer's PyTorch default applied.</summary>
    public double EffectiveEps => Eps ?? Optimizer switch
    {
        "adagrad" => 1e-10,
        "adadelta" => 1e-6,
        _ => 1e-8,
    };

    /// <summary>The same trial with every optimizer-dependent default made explicit (the form that is hashed and stored).</summary>
    public TrialConfig Canonical() => this with { Momentum = EffectiveMomentum, Eps = EffectiveEps };

    /// <summary>Every problem at once, each naming its snake_case field. Empty when the config can train.</summary>
    public IReadOnlyList<ConfigError> Validate() => ConfigSchema.Validate(this);
}

/// <summary>A problem with one field of a config; <see cref="Field"/> is the snake_case name users type.</summary>
public sealed record ConfigError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
