using System.Numerics.Tensors;
using Sweep.Engine.Kernels;
using Sweep.Engine.Layers;

namespace Sweep.Engine.Model;

/// <summary>
/// The canonical MLP: stem Act(Norm(Linear(x))), then per hidden layer h = [h +] Act(Norm(Linear(h)))
/// ('+' when residual), then a Linear head giving logits (or regression outputs).
/// Every parameter lives in one buffer (<see cref="Parameters"/>); <see cref="Gradients"/> has the same
/// layout, and backward adds into it, so a step zeroes it once with <c>Clear()</c>.
/// All activation buffers are allocated here for up to <see cref="Capacity"/> rows: forward and
/// backward allocate nothing.
/// Sizes used in shape comments: batch (rows, &lt;= capacity), inputs, width, outputs.
/// </summary>
internal sealed class Mlp
{
    private readonly HiddenLayer[] _hidden;
    private readonly float[] _output;
    private readonly float[] _dOutput;
    private readonly float[] _dNormalized;
    // The fused ReLU backward writes one layer's dNormalized while the product reads the next layer's: two buffers, by layer parity.
    private readonly float[] _dNormalizedOdd;
    private readonly float[] _dPreNorm;
    private readonly float[] _normScratch;

    public Mlp(MlpShape shape, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Shape = shape;
        Capacity = capacity;
        var layout = new ParameterLayout();
        _hidden = new HiddenLayer[shape.Depth];
        for (int i = 0; i < shape.Depth; i++)
        {
            _hidden[i] = new HiddenLayer(
                i, i == 0 ? shape.Inputs : shape.Width, shape.Width, shape.Norm, shape.Residual && i > 0, capacity, layout);
        }

        HeadWeight = layout.Add("head.weight", checked(shape.Outputs * shape.Width));
        HeadBias = layout.Add("head.bias", shape.Outputs);
        Views = layout.Views;
        Parameters = new float[layout.Count];
        Gradients = new float[layout.Count];
        foreach (var layer in _hidden)
        {
            layer.Gain.Of(Parameters).Fill(1f);
        }

        int rowsByOutputs = checked(capacity * shape.Outputs);
        int rowsByWidth = checked(capacity * shape.Width);
        _output = new float[rowsByOutputs];
        DOutput = new float[rowsByOutputs];
        _dOutput = new float[rowsByWidth];
        _dNormalized = new float[rowsByWidth];
        _dNormalizedOdd = CanFuseRelu ? new float[rowsByWidth] : [];
        _dPreNorm = shape.Norm == NormKind.None ? _dNormalized : new float[rowsByWidth];
        _normScratch = new float[checked(3 * shape.Width)];
    }

    public MlpShape Shape { get; }
    public int Capacity { get; }
    public float[] Parameters { get; }
    public float[] Gradients { get; }
    public IReadOnlyList<ParameterView> Views { get; }
    public IReadOnlyList<HiddenLayer> Hidden => _hidden;
    public ParameterView HeadWeight { get; }
    public ParameterView HeadBias { get; }

    /// <summary>[capacity, outputs]: the output of the last forward pass.</summary>
    public float[] Output => _output;

    /// <summary>[capacity, outputs]: the loss writes dLoss/dOutput here before <see cref="Backward"/>.</summary>
    public float[] DOutput { get; }

    /// <summary>
    /// Whether ReLU runs in the Linear products' epilogues (no norm between them): forward, max(y, 0) on each
    /// finished tile of y; backward, the ReLU mask and the bias gradient on each finished tile of the input
    /// gradient. Saves three passes over [batch, width] per layer; the bits are those of the separate passes.
    /// Tests switch it off to compare the two paths.
    /// </summary>
    internal bool FusesRelu { get; set; } = true;

    private bool CanFuseRelu => Shape.Activation == ActivationKind.Relu && Shape.Norm == NormKind.None;

    private bool Fused => FusesRelu && CanFuseRelu;

    private float[] DNormalizedOf(int layer) => Fused && layer % 2 == 1 ? _dNormalizedOdd : _dNormalized;

    // x [batch, inputs] -> returns output [batch, outputs]; keeps every layer's activations for backward.
    // training: batchnorm uses batch statistics and moves its running statistics; else it uses the running ones.
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int batch, bool training)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, Capacity);
        var p = Parameters;
        int width = Shape.Width;
        int count = batch * width;
        ReadOnlySpan<float> input = x;
        bool fused = Fused;
        foreach (var layer in _hidden)
        {
            if (fused)
            {
                // Activated = max(PreNorm, 0) on each tile of the product (no norm: Normalized is PreNorm).
                var relu = new ReluForwardEpilogue(layer.Activated.AsSpan(0, count));
                Linear.Forward(input, layer.Weight.Of(p), layer.Bias.Of(p), batch, layer.InFeatures, width, layer.PreNorm, ref relu);
            }
            else
            {
                Linear.Forward(input, layer.Weight.Of(p), layer.Bias.Of(p), batch, layer.InFeatures, width, layer.PreNorm);
            }

            switch (Shape.Norm)
            {
                case NormKind.BatchNorm when training:
                    BatchNorm.ForwardTraining(
                        layer.PreNorm, layer.Gain.Of(p), layer.Shift.Of(p), batch, width,
                        layer.BatchMean, layer.BatchVariance, layer.InvStd, layer.XHat, layer.Normalized);
                    BatchNorm.UpdateRunningStatistics(layer.BatchMean, layer.BatchVariance, batch, layer.RunningMean, layer.RunningVariance);
                    break;
                case NormKind.BatchNorm:
                    BatchNorm.ForwardEvaluation(
                        layer.PreNorm, layer.Gain.Of(p), layer.Shift.Of(p), layer.RunningMean, layer.RunningVariance, batch, width,
                        _normScratch.AsSpan(0, width), _normScratch.AsSpan(width, width), layer.Normalized);
                    break;
                case NormKind.LayerNorm:
                    LayerNorm.Forward(layer.PreNorm, layer.Gain.Of(p), layer.Shift.Of(p), batch, width, layer.InvStd, layer.XHat, layer.Normalized);
                    break;
            }

            if (!fused)
            {
                Activation.Forward(Shape.Activation, layer.Normalized.AsSpan(0, count), layer.Activated.AsSpan(0, count));
            }

            if (layer.AddsInput)
            {
                TensorPrimitives.Add(input.Slice(0, count), layer.Activated.AsSpan(0, count), layer.Output.AsSpan(0, count));
            }

            input = layer.Output.AsSpan(0, count);
        }

        var output = _output.AsSpan(0, batch * Shape.Outputs);
        Linear.Forward(input, HeadWeight.Of(p), HeadBias.Of(p), batch, width, Shape.Outputs, output);
        return output;
    }

    // x [batch, inputs] (the forward input), DOutput [batch, outputs] -> adds into Gradients.
    // Must follow a training Forward of the same batch.
    public void Backward(ReadOnlySpan<float> x, int batch)
    {
        var p = Parameters;
        var g = Gradients;
        int width = Shape.Width;
        int count = batch * width;
        bool fused = Fused;
        var dOutput = _dOutput.AsSpan(0, count);
        var dPreNorm = _dPreNorm.AsSpan(0, count);

        // Fused: each input-gradient product also writes the layer below's dNormalized (ReLU mask) and adds its
        // bias gradient; unfused: Activation.Backward and Linear.Backward's bias pass do it.
        var last = _hidden[^1];
        LinearBackward(
            last.Output.AsSpan(0, count), HeadWeight.Of(p), DOutput.AsSpan(0, batch * Shape.Outputs), batch, width, Shape.Outputs,
            dOutput, accumulateDx: false, HeadWeight.Of(g), HeadBias.Of(g), biasGradientAdded: false, fused ? _hidden.Length - 1 : -1);

        for (int i = _hidden.Length - 1; i >= 0; i--)
        {
            // dOutput holds dLoss/d(this layer's output)
            var layer = _hidden[i];
            var dNormalized = DNormalizedOf(i).AsSpan(0, count);
            if (!fused)
            {
                Activation.Backward(Shape.Activation, layer.Normalized.AsSpan(0, count), layer.Activated.AsSpan(0, count), dOutput, dNormalized);
            }

            switch (Shape.Norm)
            {
                case NormKind.BatchNorm:
                    BatchNorm.Backward(layer.XHat, layer.Gain.Of(p), layer.InvStd, dNormalized, batch, width, dPreNorm, layer.Gain.Of(g), layer.Shift.Of(g), _normScratch);
                    break;
                case NormKind.LayerNorm:
                    LayerNorm.Backward(layer.XHat, layer.Gain.Of(p), layer.InvStd, dNormalized, batch, width, dPreNorm, layer.Gain.Of(g), layer.Shift.Of(g), _normScratch);
                    break;
                default:
                    dPreNorm = dNormalized;
                    break;
            }

            // The stem's input gradient is not needed. A residual layer's input also receives dOutput
            // unchanged through the skip, so its Linear adds into dOutput instead of overwriting it.
            var input = i == 0 ? x.Slice(0, batch * layer.InFeatures) : _hidden[i - 1].Output.AsSpan(0, count);
            LinearBackward(
                input, layer.Weight.Of(p), dPreNorm, batch, layer.InFeatures, width,
                i == 0 ? [] : dOutput, accumulateDx: layer.AddsInput, layer.Weight.Of(g), layer.Bias.Of(g), biasGradientAdded: fused, fused ? i - 1 : -1);
        }
    }

    // Linear.Backward; reluBelow >= 0: with hidden layer reluBelow's ReLU backward and bias gradient fused
    // into the dx product (dx is dLoss/d that layer's output; the product writes its dNormalized).
    private void LinearBackward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, int batch, int inFeatures, int outFeatures,
        Span<float> dx, bool accumulateDx, Span<float> dWeight, Span<float> dBias, bool biasGradientAdded, int reluBelow)
    {
        if (reluBelow < 0 || dx.IsEmpty)
        {
            var none = default(NoTileEpilogue);
            Linear.Backward(x, weight, dy, batch, inFeatures, outFeatures, dx, accumulateDx, dWeight, dBias, biasGradientAdded, ref none);
            return;
        }

        var below = _hidden[reluBelow];
        int count = batch * below.Width;
        var relu = new ReluBackwardEpilogue(below.Activated.AsSpan(0, count), DNormalizedOf(reluBelow).AsSpan(0, count), below.Bias.Of(Gradients));
        Linear.Backward(x, weight, dy, batch, inFeatures, outFeatures, dx, accumulateDx, dWeight, dBias, biasGradientAdded, ref relu);
    }
}
