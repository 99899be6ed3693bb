namespace Sweep.Engine.Kernels;

/// <summary>
/// How a micro-kernel steps through its panels (a compile-time choice: each kind gets its own copy of the kernel).
/// Packed: a advances Rows and b Columns floats per value of p, both constants. Strided: by the steps the caller passes,
/// for an operand read where it lies instead of packed (<see cref="GemmDriver{TKernel}"/>'s small operands).
/// </summary>
internal interface IPanelSteps
{
    static abstract bool Strided { get; }
}

internal readonly struct PackedPanels : IPanelSteps
{
    public static bool Strided => false;
}

internal readonly struct StridedPanels : IPanelSteps
{
    public static bool Strided => true;
}
