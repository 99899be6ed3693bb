namespace Sweep.Actors;

/// <summary>
/// TLS with mutual authentication for remoting between machines. Every node of a cluster must use TLS or none.
/// Each node presents <see cref="CertificatePath"/> (a PKCS#12 .pfx file with the node's certificate and
/// private key) and accepts a peer only when the peer's certificate chains to one of the certificates in
/// <see cref="TrustPaths"/> (CA certificates) or is itself one of them (a pinned certificate). Both ends check:
/// the coordinator checks each worker and each worker checks the coordinator. Host names are not checked
/// (nodes are usually reached by IP address); the trust anchors are always enforced.
/// </summary>
public sealed record TlsOptions
{
    /// <summary>This node's certificate and private key (.pfx / PKCS#12).</summary>
    public required string CertificatePath { get; init; }

    /// <summary>The .pfx file's password ("" for none). Hosts read it from an environment variable or a SecureString, never a command line.</summary>
    public string CertificatePassword { get; init; } = "";

    /// <summary>PEM or DER files holding the CA certificates peers must chain to, or the peers' own certificates (pinning). At least one.</summary>
    public required IReadOnlyList<string> TrustPaths { get; init; }

    /// <summary>Environment variable hosts read the certificate password from.</summary>
    public const string PasswordVariable = "SWEEP_TLS_PASSWORD";
}
