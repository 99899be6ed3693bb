using System.Numerics.Tensors;
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

    // x [batch, inputs] -> returns output [batch, outputs]; keeps every layer's activations for backward.
    // training: batchnorm uses batch statistics and moves its running statistics; else it uses the running ones.
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int batch, bool training)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, Capacity);
        var p = Parameters;
        int width = Shape.Width;
        int count = batch * width;
        ReadOnlySpan<float> input = x;
        foreach (var layer in _hidden)
        {
            Linear.Forward(input, layer.Weight.Of(p), layer.Bias.Of(p), batch, layer.InFeatures, width, layer.PreNorm);
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

            Activation.Forward(Shape.Activation, layer.Normalized.AsSpan(0, count), layer.Activated.AsSpan(0, count));
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

    // x [batch, inputs] (the forward input), DOutput [batch, outputs] -> Gradients, every value overwritten (no need
    // to clear them between steps). Must follow a training Forward of the same batch.
    public void Backward(ReadOnlySpan<float> x, int batch)
    {
        var p = Parameters;
        var g = Gradients;
        int width = Shape.Width;
        int count = batch * width;
        var dOutput = _dOutput.AsSpan(0, count);
        var dNormalized = _dNormalized.AsSpan(0, count);
        var dPreNorm = _dPreNorm.AsSpan(0, count);

        var last = _hidden[^1];
        Linear.Backward(
            last.Output.AsSpan(0, count), HeadWeight.Of(p), DOutput.AsSpan(0, batch * Shape.Outputs), batch, width, Shape.Outputs,
            dOutput, accumulateDx: false, HeadWeight.Of(g), HeadBias.Of(g), overwriteParameterGradients: true);

        for (int i = _hidden.Length - 1; i >= 0; i--)
        {
            // dOutput holds dLoss/d(this layer's output)
            var layer = _hidden[i];
            Activation.Backward(Shape.Activation, layer.Normalized.AsSpan(0, count), layer.Activated.AsSpan(0, count), dOutput, dNormalized);
            if (Shape.Norm != NormKind.None)
            {
                // The norms add into their (small) gain and shift gradients.
                layer.Gain.Of(g).Clear();
                layer.Shift.Of(g).Clear();
            }

            switch (Shape.Norm)
            {
                case NormKind.BatchNorm:
                    BatchNorm.Backward(layer.XHat, layer.Gain.Of(p), layer.InvStd, dNormalized, batch, width, dPreNorm, layer.Gain.Of(g), layer.Shift.Of(g), _normScratch);
                    break;
                case NormKind.LayerNorm:
                    LayerNorm.Backward(layer.XHat, layer.Gain.Of(p), layer.InvStd, dNormalized, batch, width, dPreNorm, layer.Gain.Of(g), layer.Shift.Of(g), _normScratch);
                    break;
            }

            // The stem's input gradient is not needed. A residual layer's input also receives dOutput
            // unchanged through the skip, so its Linear adds into dOutput instead of overwriting it.
            var input = i == 0 ? x.Slice(0, batch * layer.InFeatures) : _hidden[i - 1].Output.AsSpan(0, count);
            Linear.Backward(
                input, layer.Weight.Of(p), dPreNorm, batch, layer.InFeatures, width,
                i == 0 ? [] : dOutput, accumulateDx: layer.AddsInput, layer.Weight.Of(g), layer.Bias.Of(g), overwriteParameterGradients: true);
        }
    }
}
