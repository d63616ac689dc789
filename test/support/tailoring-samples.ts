/** A short CV and a posting it partly meets, for the tailoring and cover-letter tests. */

export const ML_ENGINEER_CV = `Ada Park
ada@example.com | +1 555 0100

Summary
ML engineer who serves models at scale.

Experience
ML Engineer, Nimbus Labs — 2019 – present
- Serve PyTorch models with Triton on k8s for 40M daily requests
- Built Python feature pipelines in Airflow

Skills
Languages: Go, Python
Tools: Docker, Terraform, Kubernetes
`;

export const ML_POSTING = `Senior ML Engineer, Inference Platform
Acme AI is hiring.
Requirements:
- Python and Kubernetes in production
- Experience with model quantization
Nice to have:
- Terraform`;
