using System.Globalization;

namespace Sweep.Engine.Config;

/// <summary>The type of a config field's value as users write it and as it is stored.</summary>
public enum FieldKind
{
    String,
    Int,
    Long,
    Double,
    Bool,
    /// <summary>A UTC instant (<see cref="DateTime"/>); result records only, never a config field.</summary>
    Timestamp,
}

/// <summary>
/// One field of <see cref="TrialConfig"/>: its snake_case name, type, default, allowed values or
/// range, and typed accessors. Specs, trial identity, the Parquet columns and the cmdlets all
/// iterate <see cref="ConfigSchema.Fields"/>, so adding a factor is one line here.
/// </summary>
public sealed class ConfigField
{
    private readonly Func<TrialConfig, object?> _get;
    private readonly Func<TrialConfig, object?, TrialConfig> _set;
    private readonly Func<object?, string?> _check;

    internal ConfigField(
        string name, FieldKind kind, bool nullable, string description,
        Func<TrialConfig, object?> get, Func<TrialConfig, object?, TrialConfig> set,
        Func<object?, string?> check, IReadOnlyList<string>? allowed = null)
    {
        Name = name;
        Kind = kind;
        IsNullable = nullable;
        Description = description;
        AllowedValues = allowed;
        _get = get;
        _set = set;
        _check = check;
    }

    /// <summary>snake_case, as typed in specs and stored as a Parquet column.</summary>
    public string Name { get; }
    public FieldKind Kind { get; }
    /// <summary>True when null is a legal value (meaning "the default for the optimizer" or "none").</summary>
    public bool IsNullable { get; }
    public string Description { get; }
    /// <summary>The only legal values of a categorical field; null for free-form and numeric fields.</summary>
    public IReadOnlyList<string>? AllowedValues { get; }
    /// <summary>The value a new <see cref="TrialConfig"/> has.</summary>
    public object? Default => _get(Defaults);

    /// <summary>The field's value: string, int, long, double, bool or null.</summary>
    public object? Get(TrialConfig config) => _get(config);

    /// <summary>
    /// The config with this field set. <paramref name="value"/> must already have the field's CLR type
    /// (use <see cref="TryConvert"/> for user input).
    /// </summary>
    public TrialConfig With(TrialConfig config, object? value) => _set(config, value);

    /// <summary>Null when the value is legal, else why not (without the field name).</summary>
    public string? Check(object? value)
    {
        if (value is null)
        {
            return IsNullable ? null : "must not be null";
        }

        return _check(value);
    }

    /// <summary>
    /// Converts a user value (JSON number, PowerShell int/double/string, ...) to the field's CLR type.
    /// Integral doubles convert to int; strings never convert to numbers, so typos surface.
    /// </summary>
    public bool TryConvert(object? raw, out object? value, out string? error)
    {
        value = null;
        error = null;
        if (raw is null)
        {
            if (IsNullable)
            {
                return true;
            }

            error = $"must be {KindName}, not null";
            return false;
        }

        switch (Kind)
        {
            case FieldKind.String when raw is string s:
                value = s;
                return true;
            case FieldKind.Bool when raw is bool b:
                value = b;
                return true;
            case FieldKind.Int or FieldKind.Long when IsIntegral(raw, out long l):
                if (Kind == FieldKind.Int && (l < int.MinValue || l > int.MaxValue))
                {
                    error = $"{l} is out of range for an integer";
                    return false;
                }

                value = Kind == FieldKind.Int ? (object)(int)l : l;
                return true;
            case FieldKind.Double when IsNumber(raw, out double d):
                value = d;
                return true;
            default:
                error = $"must be {KindName}, not {Describe(raw)}";
                return false;
        }
    }

    /// <summary>A value as it appears in canonical text: invariant culture, round-trip doubles.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private string KindName => Kind switch
    {
        FieldKind.String => "a string",
        FieldKind.Int or FieldKind.Long => "an integer",
        FieldKind.Double => "a number",
        _ => "true or false",
    };

    private static readonly TrialConfig Defaults = new();

    private static bool IsIntegral(object raw, out long value)
    {
        switch (raw)
        {
            case int i: value = i; return true;
            case long l: value = l; return true;
            case short s: value = s; return true;
            case byte b: value = b; return true;
            case decimal m when m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue: value = (long)m; return true;
            case double d when d == Math.Floor(d) && Math.Abs(d) < 9e15: value = (long)d; return true;
            default: value = 0; return false;
        }
    }

    private static bool IsNumber(object raw, out double value)
    {
        switch (raw)
        {
            case double d: value = d; return true;
            case float f: value = f; return true;
            case int i: value = i; return true;
            case long l: value = l; return true;
            case decimal m: value = (double)m; return true;
            case short s: value = s; return true;
            case byte b: value = b; return true;
            default: value = 0; return false;
        }
    }

    private static string Describe(object raw) => raw switch
    {
        string s => $"the string '{s}'",
        bool b => b ? "true" : "false",
        _ => $"{Format(raw)} ({raw.GetType().Name})",
    };
}

/// <summary>The fields of <see cref="TrialConfig"/>, in a fixed order (the order of Parquet columns).</summary>
public static class ConfigSchema
{
    public static readonly IReadOnlyList<ConfigField> Fields =
    [
        Str("dataset", "Dataset to train on.", c => c.Dataset, (c, v) => c with { Dataset = v }, Catalog.Datasets),
        Str("dataset_path", "File or folder of a file-based dataset.", c => c.DatasetPath, (c, v) => c with { DatasetPath = v }),
        Str("label_column", "Label column of a csv or parquet table.", c => c.LabelColumn, (c, v) => c with { LabelColumn = v }),
        Int("samples", "Synthetic examples generated; for file datasets 0 = all rows, else a seeded subset.", c => c.Samples, (c, v) => c with { Samples = v }, 0, 100_000_000),
        Int("classes", "Spiral arms, blob centres, teacher classes.", c => c.Classes, (c, v) => c with { Classes = v }, 2, 1000),
        Int("features", "Input dimension of blobs and teacher datasets.", c => c.Features, (c, v) => c with { Features = v }, 1, 100_000),
        Dbl("noise", "Noise of synthetic datasets.", c => c.Noise, (c, v) => c with { Noise = v }, 0, 100),
        Bool("ill_scaled", "Scale features over several orders of magnitude.", c => c.IllScaled, (c, v) => c with { IllScaled = v }),
        Str("feature_scaling", "Feature scaling fitted on the training split.", c => c.FeatureScaling, (c, v) => c with { FeatureScaling = v }, Catalog.FeatureScalings),
        Dbl("val_fraction", "Fraction of examples held out for validation.", c => c.ValFraction, (c, v) => c with { ValFraction = v }, 0, 0.9),

        Int("depth", "Hidden layers, the stem included.", c => c.Depth, (c, v) => c with { Depth = v }, 1, 1024),
        Int("width", "Units per hidden layer.", c => c.Width, (c, v) => c with { Width = v }, 1, 16384),
        Bool("residual", "Skip connections around every hidden layer after the stem.", c => c.Residual, (c, v) => c with { Residual = v }),
        Str("activation", "Hidden activation.", c => c.Activation, (c, v) => c with { Activation = v }, Catalog.Activations),
        Str("init", "Weight initialization (biases start at zero).", c => c.Init, (c, v) => c with { Init = v }, Catalog.Inits),
        DblPositive("init_std", "Standard deviation of the gaussian init.", c => c.InitStd, (c, v) => c with { InitStd = v }),
        Str("norm", "Normalization after each hidden Linear.", c => c.Norm, (c, v) => c with { Norm = v }, Catalog.Norms),

        Str("optimizer", "Update rule.", c => c.Optimizer, (c, v) => c with { Optimizer = v }, Catalog.Optimizers),
        DblPositive("lr", "Learning rate.", c => c.Lr, (c, v) => c with { Lr = v }),
        NullableDbl("momentum", "Momentum (null: 0.9 for momentum and nesterov, else 0).", c => c.Momentum, (c, v) => c with { Momentum = v }, 0, 1, upperExclusive: true),
        Dbl("beta1", "Adam's first-moment decay.", c => c.Beta1, (c, v) => c with { Beta1 = v }, 0, 1, upperExclusive: true),
        Dbl("beta2", "Adam's second-moment decay.", c => c.Beta2, (c, v) => c with { Beta2 = v }, 0, 1, upperExclusive: true),
        NullableDbl("eps", "Numerical floor (null: the optimizer's PyTorch default).", c => c.Eps, (c, v) => c with { Eps = v }, 0, 1, lowerExclusive: true),
        Dbl("rho", "AdaDelta's decay.", c => c.Rho, (c, v) => c with { Rho = v }, 0, 1, upperExclusive: true),
        Dbl("alpha", "RMSprop's decay.", c => c.Alpha, (c, v) => c with { Alpha = v }, 0, 1, upperExclusive: true),
        Dbl("weight_decay", "L2 penalty (decoupled for adamw).", c => c.WeightDecay, (c, v) => c with { WeightDecay = v }, 0, 10),

        Str("lr_schedule", "Learning-rate schedule.", c => c.LrSchedule, (c, v) => c with { LrSchedule = v }, Catalog.Schedules),
        Int("warmup_steps", "Linear warm-up steps.", c => c.WarmupSteps, (c, v) => c with { WarmupSteps = v }, 0, int.MaxValue),
        Dbl("lr_gamma", "Decay factor of step and exponential schedules.", c => c.LrGamma, (c, v) => c with { LrGamma = v }, 0, 1, lowerExclusive: true),
        Int("lr_step_size", "Steps per decay (0: a third of the budget).", c => c.LrStepSize, (c, v) => c with { LrStepSize = v }, 0, int.MaxValue),
        Dbl("lr_min", "Floor of the cosine schedule.", c => c.LrMin, (c, v) => c with { LrMin = v }, 0, 100),

        Dbl("clip_norm", "Clip the global gradient norm to this (0: off).", c => c.ClipNorm, (c, v) => c with { ClipNorm = v }, 0, 1e12),
        Dbl("clip_value", "Clip every gradient element to +-this (0: off).", c => c.ClipValue, (c, v) => c with { ClipValue = v }, 0, 1e12),

        Int("batch_size", "Mini-batch size (0: full batch).", c => c.BatchSize, (c, v) => c with { BatchSize = v }, 0, 10_000_000),
        Int("epochs", "Budget in epochs (exactly one of epochs and steps is positive).", c => c.Epochs, (c, v) => c with { Epochs = v }, 0, 1_000_000),
        Int("steps", "Budget in optimizer steps.", c => c.Steps, (c, v) => c with { Steps = v }, 0, int.MaxValue),
        Int("eval_every", "Evaluate every this many steps, and at epoch ends (0: epoch ends only).", c => c.EvalEvery, (c, v) => c with { EvalEvery = v }, 0, int.MaxValue),

        DblPositive("tol", "Relative change of the smoothed train loss counted as flat.", c => c.Tol, (c, v) => c with { Tol = v }),
        Int("patience", "Flat evaluation points in a row that mean converged.", c => c.Patience, (c, v) => c with { Patience = v }, 1, 1_000_000),
        Bool("early_stop", "Stop the trial once it has converged.", c => c.EarlyStop, (c, v) => c with { EarlyStop = v }),
        NullableDbl("target_loss", "Train loss whose first crossing gives steps_to_target (null: none).", c => c.TargetLoss, (c, v) => c with { TargetLoss = v }, 0, 1e12),

        Lng("seed", "Seeds data, split, init and batch order.", c => c.Seed, (c, v) => c with { Seed = v }),
    ];

    private static readonly Dictionary<string, ConfigField> ByName =
        Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The field with this snake_case name, or null.</summary>
    public static ConfigField? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>All field names, in column order.</summary>
    public static IEnumerable<string> Names => Fields.Select(f => f.Name);

    /// <summary>Every problem of a config, field by field and then across fields.</summary>
    public static IReadOnlyList<ConfigError> Validate(TrialConfig config)
    {
        var errors = new List<ConfigError>();
        foreach (var field in Fields)
        {
            if (field.Check(field.Get(config)) is { } message)
            {
                errors.Add(new ConfigError(field.Name, message));
            }
        }

        if ((config.Epochs > 0) == (config.Steps > 0))
        {
            errors.Add(new ConfigError("epochs", "exactly one of epochs and steps must be positive"));
        }

        if (Catalog.FileDatasets.Contains(config.Dataset) && string.IsNullOrWhiteSpace(config.DatasetPath))
        {
            errors.Add(new ConfigError("dataset_path", $"dataset '{config.Dataset}' reads a file: give its path"));
        }

        if (config.Norm == "batchnorm" && config.BatchSize == 1)
        {
            errors.Add(new ConfigError("batch_size", "batchnorm needs at least 2 examples per batch"));
        }

        if (!Catalog.FileDatasets.Contains(config.Dataset) && config.Samples < 4)
        {
            errors.Add(new ConfigError("samples", "a synthetic dataset needs at least 4 examples"));
        }

        // Sizes are only meaningful once every value is valid on its own.
        if (errors.Count == 0 && Model.ModelSize.Estimate(config).TooLargeMessage(config) is { } tooLarge)
        {
            errors.Add(new ConfigError("width", tooLarge));
        }

        if (errors.Count == 0 && config.Dataset is "blobs" or "teacher-classification" or "teacher-regression"
            && (long)config.Samples * config.Features > Array.MaxLength)
        {
            errors.Add(new ConfigError("samples", string.Create(CultureInfo.InvariantCulture,
                $"{config.Samples:N0} samples x {config.Features:N0} features is {(long)config.Samples * config.Features:N0} values, more than one array holds ({Array.MaxLength:N0})")));
        }

        return errors;
    }

    private static ConfigField Str(string name, string doc, Func<TrialConfig, string> get, Func<TrialConfig, string, TrialConfig> set, IReadOnlyList<string>? allowed = null) =>
        new(name, FieldKind.String, false, doc, c => get(c), (c, v) => set(c, (string)v!),
            v => v is not string s ? "must be a string"
                : allowed is not null && !allowed.Contains(s) ? $"'{s}' is not one of {string.Join(", ", allowed)}"
                : null,
            allowed);

    private static ConfigField Bool(string name, string doc, Func<TrialConfig, bool> get, Func<TrialConfig, bool, TrialConfig> set) =>
        new(name, FieldKind.Bool, false, doc, c => get(c), (c, v) => set(c, (bool)v!), v => v is bool ? null : "must be true or false");

    private static ConfigField Int(string name, string doc, Func<TrialConfig, int> get, Func<TrialConfig, int, TrialConfig> set, int min, int max) =>
        new(name, FieldKind.Int, false, doc, c => get(c), (c, v) => set(c, (int)v!),
            v => v is not int i ? "must be an integer"
                : i < min ? $"must be >= {min}, not {i}"
                : i > max ? $"must be <= {max}, not {i}"
                : null);

    private static ConfigField Lng(string name, string doc, Func<TrialConfig, long> get, Func<TrialConfig, long, TrialConfig> set) =>
        new(name, FieldKind.Long, false, doc, c => get(c), (c, v) => set(c, (long)v!),
            v => v is long l ? (l < 0 ? $"must be >= 0, not {l}" : null) : "must be an integer");

    private static ConfigField Dbl(string name, string doc, Func<TrialConfig, double> get, Func<TrialConfig, double, TrialConfig> set,
        double min, double max, bool lowerExclusive = false, bool upperExclusive = false) =>
        new(name, FieldKind.Double, false, doc, c => get(c), (c, v) => set(c, (double)v!),
            v => v is double d ? CheckRange(d, min, max, lowerExclusive, upperExclusive) : "must be a number");

    private static ConfigField DblPositive(string name, string doc, Func<TrialConfig, double> get, Func<TrialConfig, double, TrialConfig> set) =>
        Dbl(name, doc, get, set, 0, 1e12, lowerExclusive: true);

    private static ConfigField NullableDbl(string name, string doc, Func<TrialConfig, double?> get, Func<TrialConfig, double?, TrialConfig> set,
        double min, double max, bool lowerExclusive = false, bool upperExclusive = false) =>
        new(name, FieldKind.Double, true, doc, c => get(c), (c, v) => set(c, (double?)v),
            v => v is double d ? CheckRange(d, min, max, lowerExclusive, upperExclusive) : "must be a number");

    private static string? CheckRange(double d, double min, double max, bool lowerExclusive, bool upperExclusive)
    {
        if (!double.IsFinite(d))
        {
            return $"must be a finite number, not {ConfigField.Format(d)}";
        }

        if (lowerExclusive ? d <= min : d < min)
        {
            return $"must be {(lowerExclusive ? ">" : ">=")} {ConfigField.Format(min)}, not {ConfigField.Format(d)}";
        }

        if (upperExclusive ? d >= max : d > max)
        {
            return $"must be {(upperExclusive ? "<" : "<=")} {ConfigField.Format(max)}, not {ConfigField.Format(d)}";
        }

        return null;
    }
}
