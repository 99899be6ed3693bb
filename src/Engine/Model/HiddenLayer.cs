using Sweep.Engine.Layers;

namespace Sweep.Engine.Model;

/// <summary>
/// One hidden layer h_out = [h_in +] Act(Norm(Linear(h_in))) with its parameter views and the
/// activations kept for backward, each sized for <c>capacity</c> rows. Buffers that a layer does
/// not need alias the previous one (no norm: normalized is pre-norm; no residual: output is activated).
/// </summary>
internal sealed class HiddenLayer
{
    public HiddenLayer(int index, int inFeatures, int width, NormKind norm, bool addsInput, int capacity, ParameterLayout layout)
    {
        Index = index;
        InFeatures = inFeatures;
        Width = width;
        AddsInput = addsInput;
        Weight = layout.Add($"hidden{index}.weight", checked(width * inFeatures));
        Bias = layout.Add($"hidden{index}.bias", width);
        if (norm != NormKind.None)
        {
            Gain = layout.Add($"hidden{index}.gain", width);
            Shift = layout.Add($"hidden{index}.shift", width);
        }

        int rowsByWidth = checked(capacity * width);
        PreNorm = new float[rowsByWidth];
        XHat = norm == NormKind.None ? [] : new float[rowsByWidth];
        Normalized = norm == NormKind.None ? PreNorm : new float[rowsByWidth];
        Activated = new float[rowsByWidth];
        Output = addsInput ? new float[rowsByWidth] : Activated;
        InvStd = norm switch
        {
            NormKind.BatchNorm => new float[width],
            NormKind.LayerNorm => new float[capacity],
            _ => [],
        };
        BatchMean = norm == NormKind.BatchNorm ? new float[width] : [];
        BatchVariance = norm == NormKind.BatchNorm ? new float[width] : [];
        RunningMean = norm == NormKind.BatchNorm ? new float[width] : [];
        RunningVariance = norm == NormKind.BatchNorm ? new float[width] : [];
        RunningVariance.AsSpan().Fill(1f);
    }

    public int Index { get; }
    public int InFeatures { get; }
    public int Width { get; }
    /// <summary>True for residual layers after the stem: the output is input + activated.</summary>
    public bool AddsInput { get; }

    public ParameterView Weight { get; }
    public ParameterView Bias { get; }
    /// <summary>Norm gain and shift; default (length 0) without a norm.</summary>
    public ParameterView Gain { get; }
    public ParameterView Shift { get; }

    /// <summary>[capacity, width] each.</summary>
    public float[] PreNorm { get; }
    public float[] XHat { get; }
    public float[] Normalized { get; }
    public float[] Activated { get; }
    public float[] Output { get; }

    /// <summary>BatchNorm: [width]; LayerNorm: [capacity].</summary>
    public float[] InvStd { get; }
    public float[] BatchMean { get; }
    public float[] BatchVariance { get; }
    public float[] RunningMean { get; }
    public float[] RunningVariance { get; }
}
