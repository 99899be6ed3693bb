namespace Sweep.Engine.Model;

/// <summary>
/// A named slice of the model's one parameter buffer. The same view addresses the gradient buffer
/// and every optimizer state buffer, which all share the parameters' layout.
/// </summary>
internal readonly record struct ParameterView(string Name, int Offset, int Length)
{
    public Span<float> Of(float[] buffer) => buffer.AsSpan(Offset, Length);
}
