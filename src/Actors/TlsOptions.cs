namespace Sweep.Actors;

/// <summary>
/// TLS for remoting between machines. <see cref="CertificatePath"/> is a PKCS#12 (.pfx) file holding the
/// node's certificate and private key. Every node of a cluster must use TLS or none. With
/// <see cref="RequireMutualAuthentication"/> both ends present certificates; <see cref="SuppressValidation"/>
/// skips chain validation (self-signed test certificates only).
/// </summary>
public sealed record TlsOptions
{
    public required string CertificatePath { get; init; }
    public string CertificatePassword { get; init; } = "";
    public bool RequireMutualAuthentication { get; init; } = true;
    public bool SuppressValidation { get; init; }
}
