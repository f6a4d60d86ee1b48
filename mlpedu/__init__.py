"""mlpedu: backpropagation in multi-layer perceptrons, derived and verified.

Notation (CONVENTIONS.md): examples are columns; layer j computes z^j = W^j a^{j-1} + b^j and
a^j = σ(z^j); φ^j = ∂L/∂z^j. Read the modules in this order: activations, losses, layers,
network, training, gradcheck.
"""

from .activations import ACTIVATIONS, Activation, Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh, get_activation
from .errors import DTypeError, MlpeduError, NonFiniteError, ShapeError
from .gradcheck import (GradCheckReport, check_elementwise, check_function, check_layer, check_network,
                        numerical_gradient, relative_error)
from .layers import Dense
from .losses import (LOSSES, BinaryCrossEntropy, CategoricalCrossEntropy, HalfSquaredError, Loss,
                     MeanSquaredError, get_loss, one_hot)
from .network import MLP, Sequential
from .training import SGD, History, fit

__version__ = "0.1.0"
