using System.Numerics.Tensors;
using Sweep.Engine.Config;
using Sweep.Engine.Data;
using Sweep.Engine.Layers;
using Sweep.Engine.Model;
using Sweep.Engine.Optimizers;
using Sweep.Engine.Random;

namespace Sweep.Engine.Training;

/// <summary>
/// One trial's model, optimizer and every buffer a step needs, allocated once: after construction
/// <see cref="Step"/> allocates nothing. Batches: each epoch takes the training rows in a fresh seeded
/// order ("batches" stream) and cuts ⌊rows / batch⌋ full batches, dropping the remainder, so every
/// step sees the same batch size (as ../reference/torch_mlp.py does); batch_size 0 or larger than the
/// training split means the full split each step.
/// </summary>
internal sealed class TrainingSession
{
    /// <summary>Validation rows per forward pass (more rows than a training batch need more buffer).</summary>
    public const int EvaluationChunk = ModelSize.EvaluationChunk;

    private readonly TrialConfig _config;
    private readonly Dataset _data;
    private readonly int[] _order;
    private readonly SeededRandom _batchRandom;
    private readonly float[] _batchX;
    private readonly int[] _batchLabels;
    private readonly float[] _batchTargets;
    private readonly float[] _previousParameters;
    private readonly bool[] _unitAlive;
    private readonly ulong[] _rowHashes;
    private readonly int[] _rowOrder;

    public TrainingSession(TrialConfig config, Dataset data)
    {
        _config = config;
        _data = data;
        int rows = data.TrainCount;
        BatchSize = config.BatchSize == 0 ? rows : Math.Min(config.BatchSize, rows);
        StepsPerEpoch = rows / BatchSize;
        TotalSteps = config.Epochs > 0 ? (long)config.Epochs * StepsPerEpoch : config.Steps;

        // The spec was checked against an estimate; the file's real shape is known only now.
        ModelSize.Of(config, data.Features, data.Outputs, rows, data.ValCount).EnsureFits(config);
        int capacity = Math.Max(BatchSize, Math.Min(data.ValCount, EvaluationChunk));
        Model = new Mlp(MlpShape.From(config, data.Features, data.Outputs), capacity);
        WeightInit.Apply(Model, config.Init, config.InitStd, SeededRandom.ForPurpose(config.Seed, "init"));
        Optimizer = Optimizer.Create(config, Model.Parameters.Length);
        Schedule = new LearningRateSchedule(config, TotalSteps);

        _order = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            _order[i] = i;
        }

        _batchRandom = SeededRandom.ForPurpose(config.Seed, "batches");
        _batchX = new float[checked(BatchSize * data.Features)];
        _batchLabels = data.IsRegression ? [] : new int[BatchSize];
        _batchTargets = data.IsRegression ? new float[checked(BatchSize * data.Outputs)] : [];
        _previousParameters = new float[Model.Parameters.Length];
        _unitAlive = new bool[config.Width];
        _rowHashes = new ulong[Math.Max(config.Width, data.Outputs)];
        _rowOrder = new int[_rowHashes.Length];
    }

    public Mlp Model { get; }
    public Optimizer Optimizer { get; }
    public LearningRateSchedule Schedule { get; }
    public int BatchSize { get; }
    public int StepsPerEpoch { get; }
    public long TotalSteps { get; }

    /// <summary>Optimizer step t (0-based, taken in order): gathers its batch and trains on it.</summary>
    public StepResult Step(long t, bool measureUpdate)
    {
        int position = (int)(t % StepsPerEpoch);
        if (position == 0 && BatchSize < _order.Length)
        {
            _batchRandom.Shuffle(_order.AsSpan());
        }

        int features = _data.Features;
        int outputs = _data.Outputs;
        for (int r = 0; r < BatchSize; r++)
        {
            int row = _order[position * BatchSize + r];
            _data.TrainX.AsSpan(row * features, features).CopyTo(_batchX.AsSpan(r * features, features));
            if (_data.IsRegression)
            {
                _data.TrainTargets.AsSpan(row * outputs, outputs).CopyTo(_batchTargets.AsSpan(r * outputs, outputs));
            }
            else
            {
                _batchLabels[r] = _data.TrainLabels[row];
            }
        }

        return TrainOnBatch(_batchX, _batchLabels, _batchTargets, BatchSize, Schedule.At(t), measureUpdate);
    }

    // x [batch, features]; labels [batch] (classification) or targets [batch, outputs] (regression)
    internal StepResult TrainOnBatch(
        ReadOnlySpan<float> x, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, int batch, double learningRate, bool measureUpdate)
    {
        var output = Model.Forward(x, batch, training: true);
        var dOutput = Model.DOutput.AsSpan(0, output.Length);
        double loss;
        if (_data.IsRegression)
        {
            loss = MeanSquaredError.LossSum(output, targets) / output.Length;
            MeanSquaredError.Backward(output, targets, dOutput);
        }
        else
        {
            loss = SoftmaxCrossEntropy.Backward(output, labels, batch, _data.Outputs, dOutput) / batch;
        }

        var gradients = Model.Gradients;
        Model.Backward(x, batch); // overwrites every gradient: no clearing pass

        double gradNorm = GradientClipping.GlobalNorm(gradients);
        if (!double.IsFinite(loss) || !double.IsFinite(gradNorm))
        {
            return new StepResult(loss, gradNorm, false, true, double.NaN);
        }

        // Clipping is applied inside the optimizer's step, block by block (one pass over the gradients).
        var clipping = GradientClipping.Plan(gradients, gradNorm, _config.ClipNorm, _config.ClipValue);

        var parameters = Model.Parameters;
        if (measureUpdate)
        {
            parameters.CopyTo(_previousParameters, 0);
        }

        Optimizer.Step(parameters, gradients, learningRate, clipping);
        double updateRatio = double.NaN;
        if (measureUpdate)
        {
            TensorPrimitives.Subtract(_previousParameters, parameters, _previousParameters);
            updateRatio = Math.Sqrt(TensorPrimitives.SumOfSquares(_previousParameters)) / Math.Sqrt(TensorPrimitives.SumOfSquares(parameters));
        }

        return new StepResult(loss, gradNorm, clipping.Clips, false, updateRatio);
    }

    /// <summary>Mean loss and accuracy over the validation split (running batchnorm statistics); NaN when it is empty.</summary>
    public (double Loss, double Accuracy) Evaluate()
    {
        int rows = _data.ValCount;
        if (rows == 0)
        {
            return (double.NaN, double.NaN);
        }

        int features = _data.Features;
        int outputs = _data.Outputs;
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < rows; start += Model.Capacity)
        {
            int batch = Math.Min(Model.Capacity, rows - start);
            var output = Model.Forward(_data.ValX.AsSpan(start * features, batch * features), batch, training: false);
            if (_data.IsRegression)
            {
                lossSum += MeanSquaredError.LossSum(output, _data.ValTargets.AsSpan(start * outputs, batch * outputs));
            }
            else
            {
                var labels = _data.ValLabels.AsSpan(start, batch);
                lossSum += SoftmaxCrossEntropy.LossSum(output, labels, batch, outputs);
                correct += SoftmaxCrossEntropy.CountCorrect(output, labels, batch, outputs);
            }
        }

        return _data.IsRegression
            ? (lossSum / ((double)rows * outputs), double.NaN)
            : (lossSum / rows, (double)correct / rows);
    }

    /// <summary>
    /// Per-layer statistics of the last training step (call before <see cref="Evaluate"/>, which
    /// overwrites the activations). Norms are of each Linear's weight matrix and its gradient.
    /// </summary>
    public void AddLayerPoints(long step, List<LayerPoint> into)
    {
        var p = Model.Parameters;
        var g = Model.Gradients;
        var activation = Model.Shape.Activation;
        foreach (var layer in Model.Hidden)
        {
            var activated = layer.Activated.AsSpan(0, BatchSize * layer.Width);
            (double mean, double std) = MeanStd(activated);
            double saturated = activation switch
            {
                ActivationKind.Sigmoid => Fraction(activated, static v => v < 0.01f || v > 0.99f),
                ActivationKind.Tanh => Fraction(activated, static v => Math.Abs(v) > 0.99f),
                _ => 0,
            };
            double dead = activation == ActivationKind.Relu ? DeadFraction(activated, layer.Width) : 0;
            into.Add(new LayerPoint(
                step, layer.Index, layer.Index == 0 ? "stem" : "hidden", Norm(layer.Weight.Of(g)), Norm(layer.Weight.Of(p)),
                mean, std, saturated, dead, DuplicateUnits(layer.Weight.Of(p), layer.Width)));
        }

        (double headMean, double headStd) = MeanStd(Model.Output.AsSpan(0, BatchSize * Model.Shape.Outputs));
        into.Add(new LayerPoint(
            step, Model.Hidden.Count, "head", Norm(Model.HeadWeight.Of(g)), Norm(Model.HeadWeight.Of(p)), headMean, headStd, 0, 0,
            DuplicateUnits(Model.HeadWeight.Of(p), Model.Shape.Outputs)));
    }

    /// <summary>Global L2 norm of every parameter.</summary>
    public double WeightNorm() => Norm(Model.Parameters);

    private static double Norm(ReadOnlySpan<float> values) => Math.Sqrt(TensorPrimitives.SumOfSquares(values));

    private static (double Mean, double Std) MeanStd(ReadOnlySpan<float> values)
    {
        double sum = 0, sumSquares = 0;
        foreach (float v in values)
        {
            sum += v;
            sumSquares += (double)v * v;
        }

        double mean = sum / values.Length;
        return (mean, Math.Sqrt(Math.Max(0, sumSquares / values.Length - mean * mean)));
    }

    private static double Fraction(ReadOnlySpan<float> values, Func<float, bool> predicate)
    {
        int count = 0;
        foreach (float v in values)
        {
            count += predicate(v) ? 1 : 0;
        }

        return (double)count / values.Length;
    }

    // weights [units, fanIn] -> fraction of units whose row is bit for bit another unit's. Rows are sorted by a hash of
    // their bits; a unit counts when its row equals the row of the previous unit of its hash run (checked, so a hash
    // collision never counts). Allocation-free: it runs at every evaluation point.
    private double DuplicateUnits(ReadOnlySpan<float> weights, int units)
    {
        int fanIn = weights.Length / units;
        var hashes = _rowHashes.AsSpan(0, units);
        var order = _rowOrder.AsSpan(0, units);
        for (int u = 0; u < units; u++)
        {
            hashes[u] = RowHash(weights.Slice(u * fanIn, fanIn));
            order[u] = u;
        }

        hashes.Sort(order);
        int duplicates = 0;
        int runStart = 0;
        for (int i = 1; i <= units; i++)
        {
            if (i < units && hashes[i] == hashes[runStart])
            {
                continue;
            }

            var first = weights.Slice(order[runStart] * fanIn, fanIn);
            int equal = 1;
            for (int j = runStart + 1; j < i; j++)
            {
                equal += weights.Slice(order[j] * fanIn, fanIn).SequenceEqual(first) ? 1 : 0;
            }

            duplicates += equal > 1 ? equal : 0;
            runStart = i;
        }

        return (double)duplicates / units;
    }

    private static ulong RowHash(ReadOnlySpan<float> row)
    {
        ulong hash = 14695981039346656037UL;
        foreach (float v in row)
        {
            hash = (hash ^ BitConverter.SingleToUInt32Bits(v)) * 1099511628211UL;
        }

        return hash;
    }

    // activated [batch, width] -> fraction of units that are zero on every row
    private double DeadFraction(ReadOnlySpan<float> activated, int width)
    {
        var alive = _unitAlive.AsSpan(0, width);
        alive.Clear();
        for (int i = 0; i < activated.Length; i++)
        {
            alive[i % width] |= activated[i] > 0f;
        }

        int dead = 0;
        foreach (bool a in alive)
        {
            dead += a ? 0 : 1;
        }

        return (double)dead / width;
    }
}
